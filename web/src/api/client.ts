import { i18n } from '../i18n/index.ts';

// The typed fetch client: cookie session, the CSRF header on writes, and the API's error shape
// turned into an ApiError the pages can branch on by code, its message in the reader's language.

export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * A server error in the reader's language, found by its code (web/src/i18n/<language>/errors.json);
 * the server's own sentence, an English one, for a code the app does not know yet. The details are
 * the message's values; `{{message}}` is the server's sentence where it is the most precise.
 */
export function errorText(code: string, message: string, details: Record<string, unknown> = {}): string {
  return i18n.t(`errors:${code}`, { ...details, message, defaultValue: message });
}

export class ApiError extends Error {
  /** The server's own sentence (English), before translation. */
  readonly serverMessage: string;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(errorText(code, message, details));
    this.serverMessage = message;
  }
  /** The field messages of a 422 invalid_input answer. */
  get fields(): Record<string, string> {
    return (this.details.fields ?? {}) as Record<string, string>;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The server sets this readable cookie at sign-in; writes echo it so other sites cannot forge them. */
export function csrfToken(): string {
  const m = /(?:^|;\s*)vellum_csrf=([^;]+)/.exec(document.cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : '';
}

export function writeHeaders(method: string): Record<string, string> {
  return UNSAFE.has(method) ? { 'x-csrf-token': csrfToken() } : {};
}

type Query = Record<string, string | number | boolean | undefined | null | string[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

let onUnauthorized: (() => void) | undefined;
/** The app signs out locally when a session ends elsewhere (expired, "end all my sessions"). */
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

export async function toApiError(res: Response): Promise<ApiError> {
  let body: { error?: ErrorBody } | undefined;
  try {
    body = (await res.json()) as { error?: ErrorBody };
  } catch {
    body = undefined;
  }
  const e = body?.error;
  return new ApiError(
    res.status,
    e?.code ?? 'http_error',
    e?.message ?? `The server answered ${res.status}.`,
    e?.details,
  );
}

// When the server last heard from this tab, and how long it keeps an idle session (IdleWarning).
let lastRequestAt = Date.now();
let idleMinutes: number | null = null;
export const lastRequest = () => lastRequestAt;
/** Something the server counts as activity happened outside `api()` (a live edit). */
export const noteActivity = () => {
  lastRequestAt = Date.now();
};
export const sessionIdleMinutes = () => idleMinutes;
export const setSessionIdleMinutes = (minutes: number | null) => {
  idleMinutes = minutes;
};

export async function api<T>(
  method: string,
  path: string,
  options: { body?: unknown; query?: Query; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...writeHeaders(method), ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    lastRequestAt = Date.now();
  } catch {
    throw new ApiError(0, 'offline', 'The server cannot be reached. Check the connection and try again.');
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const patch = <T>(path: string, body: unknown, headers?: Record<string, string>) =>
  api<T>('PATCH', path, { body, headers });
export const del = <T>(path: string, body?: unknown) => api<T>('DELETE', path, { body });
