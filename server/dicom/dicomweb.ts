import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where and how to reach a DICOMweb service (the secret is only ever read here). */
export interface DicomwebTarget {
  baseUrl: string;
  authKind: 'none' | 'basic' | 'bearer';
  username: string | null;
  secret: string | null;
}

export type StowResult =
  | { ok: true; attempts: number; warning?: string }
  | { ok: false; attempts: number; error: string };

const REQUEST_TIMEOUT_MS = 60_000;

function headers(target: DicomwebTarget): Record<string, string> {
  if (target.authKind === 'basic')
    return {
      authorization: `Basic ${Buffer.from(`${target.username ?? ''}:${target.secret ?? ''}`).toString('base64')}`,
    };
  if (target.authKind === 'bearer') return { authorization: `Bearer ${target.secret ?? ''}` };
  return {};
}

const url = (target: DicomwebTarget, path: string) => `${target.baseUrl.replace(/\/+$/, '')}${path}`;

/** A failure that may pass: no answer at all, a 5xx, or "too many requests". */
const transientStatus = (status: number) => status >= 500 || status === 429 || status === 408;

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/**
 * Stores one Part 10 file with STOW-RS (POST {base}/studies), retrying transient failures after
 * each of `retryDelaysMs`. The PACS's own refusal (4xx, a FailedSOPSequence) is final.
 */
export async function stowInstance(
  target: DicomwebTarget,
  file: Buffer,
  retryDelaysMs: number[],
): Promise<StowResult> {
  const boundary = `vellum-${randomBytes(12).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  let attempts = 0;
  let lastError = '';
  for (const delay of [0, ...retryDelaysMs]) {
    if (delay) await sleep(delay);
    attempts += 1;
    let res: Response;
    try {
      res = await fetch(url(target, '/studies'), {
        method: 'POST',
        headers: {
          ...headers(target),
          accept: 'application/dicom+json',
          'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
        },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      lastError = describeFailure(error);
      continue;
    }
    const text = await res.text();
    if (transientStatus(res.status)) {
      lastError = `the PACS answered ${res.status}`;
      continue;
    }
    const failed = failureReason(text);
    if (res.status === 200 && failed === undefined) return { ok: true, attempts };
    if (res.status === 202 && failed === undefined)
      return { ok: true, attempts, warning: 'stored with warnings' };
    return {
      ok: false,
      attempts,
      error:
        failed !== undefined ? `the PACS refused it (reason ${failed})` : `the PACS answered ${res.status}`,
    };
  }
  return { ok: false, attempts, error: `${lastError} (after ${attempts} attempts)` };
}

/** The Failure Reason (0008,1197) of a STOW-RS answer's Failed SOP Sequence, if any. */
function failureReason(text: string): number | string | undefined {
  try {
    const json = JSON.parse(text) as Record<string, { Value?: Array<Record<string, { Value?: unknown[] }>> }>;
    const failed = json['00081198']?.Value?.[0];
    if (!failed) return undefined;
    return (failed['00081197']?.Value?.[0] as number | undefined) ?? 'unknown';
  } catch {
    return undefined;
  }
}

/** The SOP Instance UIDs the PACS holds for a Patient ID (QIDO-RS, one request). */
export async function queryInstanceUids(target: DicomwebTarget, patientId: string): Promise<Set<string>> {
  const res = await fetch(
    url(target, `/instances?PatientID=${encodeURIComponent(patientId)}&includefield=00080018`),
    {
      headers: { ...headers(target), accept: 'application/dicom+json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    },
  );
  if (res.status === 204) return new Set();
  if (!res.ok) throw new Error(`the PACS answered ${res.status}`);
  const list = (await res.json()) as Array<Record<string, { Value?: string[] }>>;
  return new Set(list.flatMap((i) => i['00080018']?.Value ?? []));
}

export { describeFailure };
