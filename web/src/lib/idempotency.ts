import { isApiError } from '../api/client.js';

/** A fresh random key, from the browser's UUIDs where the page is a secure context. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether an error leaves it unknown what the server did: the request may not have arrived,
 * or may have been done with the answer lost, or is still running. Retrying the same action
 * must then send the same key, so the server does it at most once.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (!isApiError(error)) return true;
  return error.status === 0 || error.status >= 500 || error.code === 'idempotency_request_in_progress';
}

/**
 * The Idempotency-Key of one user action. The same action sent again (same path and body)
 * after an unknown outcome reuses the key; once the server has answered — done, or refused
 * with a reason such as a declined card — the next attempt is a new action with a new key.
 */
export class ActionKey {
  private key: string | undefined;
  private sent = '';

  for(action: unknown): string {
    const text = JSON.stringify(action ?? null);
    if (!this.key || text !== this.sent) {
      this.key = newIdempotencyKey();
      this.sent = text;
    }
    return this.key;
  }

  settle(error: unknown): void {
    if (!error || !outcomeUnknown(error)) this.key = undefined;
  }
}
