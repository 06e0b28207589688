/**
 * The one way the web app talks to the server: JSON in and out, the session cookie sent by
 * the browser, the CSRF token echoed on every request that changes something, and error
 * bodies turned into an ApiError the pages can branch on by `code`.
 */
const CSRF_COOKIE = 'jishi_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Codes the client makes up itself when there is no error body to read. */
export type ClientErrorCode = 'network_error' | 'unexpected_response';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly param: string | undefined;
  /** From the Retry-After header of a 429, in seconds. */
  readonly retryAfter_s: number | undefined;

  constructor(init: { status: number; code: string; message: string; param?: string | undefined; retryAfter_s?: number | undefined }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.param = init.param;
    this.retryAfter_s = init.retryAfter_s;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

let lastCsrfToken: string | undefined;

/** Keeps the token from a sign-in or /me answer, for when the cookie cannot be read. */
export function rememberCsrfToken(token: string | undefined): void {
  lastCsrfToken = token;
}

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return lastCsrfToken;
}

function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function errorOf(response: Response): Promise<ApiError> {
  const retryAfter_s = retryAfterOf(response);
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; param?: unknown } };
    const error = body.error;
    if (error && typeof error.code === 'string') {
      return new ApiError({
        status: response.status,
        code: error.code,
        message: typeof error.message === 'string' ? error.message : response.statusText,
        param: typeof error.param === 'string' ? error.param : undefined,
        retryAfter_s,
      });
    }
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a generic error.
  }
  return new ApiError({ status: response.status, code: 'unexpected_response', message: `HTTP ${response.status}`, retryAfter_s });
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method)) {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) search.set(key, String(value));
  const url = `/api/v1${path}${search.size > 0 ? `?${search}` : ''}`;

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network_error', message: 'The server could not be reached.' });
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
