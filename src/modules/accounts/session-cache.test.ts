import { describe, expect, it } from 'vitest';
import type { Principal } from './service.js';
import { SESSION_CACHE_TTL_MS, SessionCache } from './session-cache.js';

const principal = (userId: string, sessionId: string): Principal => ({
  user: { id: userId, email: `${userId}@example.com`, display_name: userId, role: 'buyer', locale: 'en', created_at: '' },
  via: 'session',
  sessionId,
  csrfToken: 'csrf',
});

describe('session cache', () => {
  it('keeps an answer for its TTL and never past the session’s end', () => {
    const cache = new SessionCache();
    cache.set('a', principal('u1', 's1'), 1_000, 10_000_000);
    cache.set('b', principal('u2', 's2'), 1_000, 1_500);
    expect(cache.get('a', 1_000 + SESSION_CACHE_TTL_MS - 1)?.sessionId).toBe('s1');
    expect(cache.get('a', 1_000 + SESSION_CACHE_TTL_MS)).toBeUndefined();
    expect(cache.get('b', 1_499)?.sessionId).toBe('s2');
    expect(cache.get('b', 1_500)).toBeUndefined();
  });

  it('forgets by session and by user', () => {
    const cache = new SessionCache();
    cache.set('a', principal('u1', 's1'), 0, 1e9);
    cache.set('b', principal('u1', 's2'), 0, 1e9);
    cache.set('c', principal('u2', 's3'), 0, 1e9);
    cache.forgetSession('s1');
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBeDefined();
    cache.forgetUser('u1');
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('c', 1)).toBeDefined();
  });

  it('stays bounded', () => {
    const cache = new SessionCache();
    for (let index = 0; index <= 10_000; index += 1) cache.set(`t${index}`, principal(`u${index}`, `s${index}`), 0, 1e9);
    expect(cache.get('t0', 1)).toBeUndefined();
    expect(cache.get('t10000', 1)).toBeDefined();
  });
});
