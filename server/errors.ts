/** Errors are values with a code; routes never build error bodies themselves (see http/errors.ts). */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const unauthorized = (message = 'Sign in first.') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'You are not allowed to do this.') =>
  new AppError(403, 'forbidden', message);
export const notFound = (what = 'record') => new AppError(404, 'not_found', `No such ${what}.`);
export const invalid = (message: string, fields: Record<string, string>) =>
  new AppError(422, 'invalid_input', message, { fields });
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(409, code, message, details);
export const staleVersion = (current: number) =>
  new AppError(412, 'version_mismatch', 'The record changed since you read it.', { currentVersion: current });
