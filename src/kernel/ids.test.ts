import { describe, expect, it } from 'vitest';
import { idTime_ms, isId, newId, ulid } from './ids.js';

describe('ids', () => {
  it('carry their prefix and are recognised', () => {
    const id = newId('usr');
    expect(id).toMatch(/^usr_[0-9A-Z]{26}$/);
    expect(isId(id, 'usr')).toBe(true);
    expect(isId(id, 'ord')).toBe(false);
    expect(isId('usr_lowercase0000000000000000')).toBe(false);
  });

  it('encode their creation time', () => {
    // Later than any id made before in this process: ids never go back in time, so an earlier
    // time would be raised to the last one used (a fixed date here failed once the day passed it).
    const time_ms = Date.UTC(2096, 10, 24, 8, 0, 0);
    expect(idTime_ms(newId('ord', time_ms))).toBe(time_ms);
  });

  it('sort by time, and in creation order within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => ulid(4_100_000_000_000));
    const later = ulid(4_100_000_000_001);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(later > (ids.at(-1) ?? '')).toBe(true);
  });
});
