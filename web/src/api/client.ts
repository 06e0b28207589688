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
  /** Sent as the Idempotency-Key header: every POST that creates an order or moves money needs one. */
  idempotencyKey?: string;
}

/** The address of an API path with its query, e.g. for an <img> or a download link. */
export function apiUrl(path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  return `/api/v1${path}${search.size > 0 ? `?${search}` : ''}`;
}

async function send<T>(
  path: string,
  method: NonNullable<RequestOptions['method']>,
  query: RequestOptions['query'],
  body: { type: string; data: BodyInit } | undefined,
  signal: AbortSignal | undefined,
  idempotencyKey?: string,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body) headers['content-type'] = body.type;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  if (!SAFE_METHODS.has(method)) {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      headers,
      body: body?.data ?? null,
      credentials: 'same-origin',
      signal: signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network_error', message: 'The server could not be reached.' });
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const body = options.body === undefined ? undefined : { type: 'application/json', data: JSON.stringify(options.body) };
  return send<T>(path, options.method ?? 'GET', options.query, body, options.signal, options.idempotencyKey);
}

/** The image types the server accepts as an upload body. */
const UPLOAD_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** The server's limit for one image. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const MAX_CONVERTED_EDGE = 4096;

/**
 * A photo the server can take: JPEG, PNG and WebP go as they are; anything else the browser
 * can draw (HEIC on an iPhone, say) or anything over the size limit is redrawn as a JPEG.
 */
export async function uploadable(file: Blob): Promise<Blob> {
  if (UPLOAD_TYPES.has(file.type) && file.size <= MAX_UPLOAD_BYTES) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file; // The server will say what is wrong with it.
  }
  const scale = Math.min(1, MAX_CONVERTED_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.88));
  return jpeg ?? file;
}

/** Sends an image file as the raw request body, as the upload routes expect. */
export async function apiUpload<T>(path: string, file: Blob, query?: RequestOptions['query']): Promise<T> {
  const image = await uploadable(file);
  const type = UPLOAD_TYPES.has(image.type) ? image.type : 'application/octet-stream';
  return send<T>(path, 'POST', query, { type, data: image }, undefined);
}

/** A query retry policy: once, unless the answer was that the thing is missing or forbidden. */
export function retryUnlessMissing(failures: number, error: unknown): boolean {
  if (isApiError(error) && (error.status === 404 || error.status === 403 || error.status === 401)) return false;
  return failures < 1;
}
