import { describe, expect, it } from 'vitest';
import { ShortCache } from './short-cache.js';

describe('ShortCache', () => {
  it('answers from memory within its bound, loads again after it, and at once after forget', async () => {
    const cache = new ShortCache<number>(40);
    const scope = {};
    let loads = 0;
    const load = async () => {
      loads += 1;
      return loads;
    };
    expect(await cache.get(scope, 'k', load)).toBe(1);
    expect(await cache.get(scope, 'k', load)).toBe(1);
    cache.forget(scope, 'k');
    expect(await cache.get(scope, 'k', load)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await cache.get(scope, 'k', load)).toBe(3);
    expect(loads).toBe(3);
  });

  it('keeps each database’s answers apart', async () => {
    const cache = new ShortCache<string>(10_000);
    const first = {};
    const second = {};
    expect(await cache.get(first, 'k', async () => 'first')).toBe('first');
    expect(await cache.get(second, 'k', async () => 'second')).toBe('second');
    expect(await cache.get(first, 'k', async () => 'again')).toBe('first');
  });

  it('loads only the keys it does not hold, in one call, and holds those not found as absent', async () => {
    const cache = new ShortCache<number>(40);
    const scope = {};
    const asked: string[][] = [];
    const load = async (missing: string[]) => {
      asked.push(missing);
      return new Map(missing.filter((key) => key !== 'gone').map((key) => [key, key.length]));
    };
    expect([...(await cache.getMany(scope, ['ab', 'gone'], load, 0))]).toEqual([
      ['ab', 2],
      ['gone', 0],
    ]);
    expect([...(await cache.getMany(scope, ['gone', 'abc', 'ab'], load, 0))]).toEqual([
      ['gone', 0],
      ['ab', 2],
      ['abc', 3],
    ]);
    expect(asked).toEqual([['ab', 'gone'], ['abc']]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await cache.getMany(scope, ['ab'], load, 0);
    expect(asked).toHaveLength(3);
  });
});
