import type { Executor } from './db/database.js';

/**
 * A per-process cache of answers that change rarely and are read on every request (the
 * platform's commission rates, a store's shipping rule), kept at most `ttl_ms`: another
 * server process sees a change within that bound, the process that made it at once (it
 * calls `forget`). Entries are per database (a test process opens many), keyed by the
 * executor's adapter, which a database and every transaction on it share. Bounded: the
 * oldest entry leaves first. Decision 0011.
 */
/** The scope a per-database cache is kept under: the executor's adapter, which a database and every transaction on it share. */
export function cacheScope(db: Executor): object {
  return db.getExecutor().adapter;
}

interface Entry<Value> {
  value: Value;
  until_ms: number;
}

const MAX_ENTRIES = 10_000;

export class ShortCache<Value> {
  readonly #scopes = new WeakMap<object, Map<string, Entry<Value>>>();

  constructor(private readonly ttl_ms: number) {}

  async get(scope: object, key: string, load: () => Promise<Value>): Promise<Value> {
    const entry = this.#scopes.get(scope)?.get(key);
    if (entry && entry.until_ms > performance.now()) return entry.value;
    const value = await load();
    this.set(scope, key, value);
    return value;
  }

  /**
   * The values of `keys`, those not held loaded in one call: `load` answers the ones it found,
   * and the rest are held as `absent` (a word not in the index, a store that is gone).
   */
  async getMany(scope: object, keys: Iterable<string>, load: (missing: string[]) => Promise<Map<string, Value>>, absent: Value) {
    const values = new Map<string, Value>();
    const missing: string[] = [];
    for (const key of keys) {
      const held = this.peek(scope, key);
      if (held === undefined) missing.push(key);
      else values.set(key, held);
    }
    if (missing.length > 0) {
      const loaded = await load(missing);
      for (const key of missing) {
        const value = loaded.get(key) ?? absent;
        this.set(scope, key, value);
        values.set(key, value);
      }
    }
    return values;
  }

  /** The value held for `key` while it is fresh, without loading one. */
  peek(scope: object, key: string): Value | undefined {
    const entry = this.#scopes.get(scope)?.get(key);
    return entry && entry.until_ms > performance.now() ? entry.value : undefined;
  }

  /** Holds `value` for `key` for the next `ttl_ms`. */
  set(scope: object, key: string, value: Value): void {
    let entries = this.#scopes.get(scope);
    if (!entries) {
      entries = new Map();
      this.#scopes.set(scope, entries);
    }
    entries.delete(key);
    if (entries.size >= MAX_ENTRIES) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(key, { value, until_ms: performance.now() + this.ttl_ms });
  }

  forget(scope: object, key: string): void {
    this.#scopes.get(scope)?.delete(key);
  }
}
