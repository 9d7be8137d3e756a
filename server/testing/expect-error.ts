import { expect } from 'vitest';
import type { Response } from './harness.ts';

export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Asserts the status and that the body is exactly the contract's error shape,
 * `{error: {code, message, details?}}` with this code; returns the error.
 */
export function expectError(res: Response, status: number, code: string): ErrorBody {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json() as { error: ErrorBody };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  for (const key of Object.keys(body.error)) expect(['code', 'message', 'details']).toContain(key);
  if (body.error.details !== undefined) expect(typeof body.error.details).toBe('object');
  return body.error;
}

/** A 422 invalid_input naming exactly these fields in details.fields. */
export function expectInvalidFields(res: Response, fields: string[]): Record<string, string> {
  const error = expectError(res, 422, 'invalid_input');
  const named = (error.details?.fields ?? {}) as Record<string, string>;
  expect(Object.keys(named).sort()).toEqual([...fields].sort());
  return named;
}
