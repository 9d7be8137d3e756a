import type { OperationOutcome } from '@medplum/fhirtypes';
import { AppError } from '../errors.ts';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/**
 * The conventional OperationOutcome id and issue code of each status, so that clients tell the
 * cases apart without reading text (the same ids other FHIR servers and client libraries use).
 */
const BY_STATUS: Record<number, [id: string, code: string]> = {
  400: ['bad-request', 'invalid'],
  401: ['unauthorized', 'login'],
  403: ['forbidden', 'forbidden'],
  404: ['not-found', 'not-found'],
  405: ['not-supported', 'not-supported'],
  406: ['not-acceptable', 'not-supported'],
  409: ['conflict', 'conflict'],
  410: ['gone', 'deleted'],
  412: ['precondition-failed', 'processing'],
  413: ['too-large', 'too-costly'],
  415: ['unsupported-media-type', 'not-supported'],
  422: ['unprocessable', 'invalid'],
  429: ['too-many-requests', 'throttled'],
  501: ['not-supported', 'not-supported'],
};

export function outcome(status: number, text: string, diagnostics?: string): OperationOutcome {
  const [id, code] = BY_STATUS[status] ?? ['server-error', 'exception'];
  return {
    resourceType: 'OperationOutcome',
    id,
    issue: [
      {
        severity: status >= 500 && status !== 501 ? 'fatal' : 'error',
        code: code as 'invalid',
        details: { text },
        ...(diagnostics ? { diagnostics } : {}),
      },
    ],
  };
}

/** A success that has no resource to show (DELETE, $expunge): 200 with id `ok`. */
export const allOk = (text: string): OperationOutcome => ({
  resourceType: 'OperationOutcome',
  id: 'ok',
  issue: [{ severity: 'information', code: 'informational', details: { text } }],
});

/** An AppError as an OperationOutcome; its code and details go into diagnostics, never internals. */
export function outcomeOfAppError(err: AppError): OperationOutcome {
  const extra = err.details ? ` ${JSON.stringify(err.details)}` : '';
  return outcome(err.status, err.message, `${err.code}${extra}`);
}

export const notSupported = (text: string) => new AppError(501, 'not_supported', text);
export const badRequest = (text: string) => new AppError(400, 'bad_request', text);
export const methodNotAllowed = (text: string) => new AppError(405, 'not_supported', text);
