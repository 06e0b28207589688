import type { Principal } from './service.js';

/**
 * Signed-in requests look their session up on every call. This cache keeps each answer for
 * a few seconds in the process, so a page that fires a burst of API calls costs one lookup.
 * It is evicted locally on sign-out and on any change to the user; another instance keeps
 * what it has for at most TTL_MS, the bound on how long a sign-out or a role change takes to
 * reach every instance (docs/decisions/0006-session-cache.md). Never past the session's end.
 */
export const SESSION_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  until_ms: number;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  get(tokenHash: string, now_ms: number): Principal | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until_ms <= now_ms) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.principal;
  }

  set(tokenHash: string, principal: Principal, now_ms: number, sessionExpires_ms: number): void {
    if (this.entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(tokenHash, { principal, until_ms: Math.min(now_ms + SESSION_CACHE_TTL_MS, sessionExpires_ms) });
  }

  forgetSession(sessionId: string): void {
    for (const [key, entry] of this.entries) if (entry.principal.sessionId === sessionId) this.entries.delete(key);
  }

  forgetUser(userId: string): void {
    for (const [key, entry] of this.entries) if (entry.principal.user.id === userId) this.entries.delete(key);
  }
}
