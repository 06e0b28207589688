import { describe, expect, it } from 'vitest';
import {
  docRowid,
  doublingStart,
  salesBucket,
  salesBucketOf,
  salesFloor,
  salesFrom,
  salesTokens,
  TOP_SALES_BUCKET,
  tsvectorLiteral,
} from './document.js';
import { nextStageRows, rangeStart, rowsFrom, stageBucket } from './stages.js';

// PostgreSQL's staged window (engine.ts) bounds a stage by a row id from the statistics'
// equal-frequency histogram: about `rows` documents between it and the top (or the cursor).
describe('rangeStart', () => {
  // 1,000 documents in 10 buckets of 100: row ids 0, 100, …, 1000.
  const bounds = Array.from({ length: 11 }, (_, index) => index * 100);

  it('starts `rows` documents below the top, rounding the range up to whole buckets', () => {
    expect(rangeStart(bounds, 1000, 100, undefined)).toBe(900);
    expect(rangeStart(bounds, 1000, 250, undefined)).toBe(700);
  });

  it('counts from the cursor when there is one', () => {
    expect(rangeStart(bounds, 1000, 100, 650)).toBe(500);
    expect(rangeStart(bounds, 1000, 100, 600)).toBe(500);
  });

  it('answers "the whole index" when the range would reach the bottom, or without statistics', () => {
    expect(rangeStart(bounds, 1000, 1000, undefined)).toBeUndefined();
    expect(rangeStart(bounds, 1000, 300, 250)).toBeUndefined();
    expect(rangeStart([], 1000, 100, undefined)).toBeUndefined();
    expect(rangeStart([5], 1000, 100, undefined)).toBeUndefined();
    expect(rangeStart(bounds, 0, 100, undefined)).toBeUndefined();
  });
});

// A stage asks the GIN index for the sales buckets from one up; the buckets must cover the
// stage's row id range, or a best seller would be missed.
describe('sales buckets', () => {
  it('grow with sales, eight to a doubling, and never pass the top', () => {
    expect(salesBucket(0)).toBe(0);
    expect(salesBucket(1)).toBe(8);
    expect(salesBucket(3)).toBe(16);
    expect(salesBucket(1023)).toBe(80);
    expect(salesBucket(2 ** 40)).toBe(TOP_SALES_BUCKET);
    for (let sold = 0; sold < 5000; sold += 1) expect(salesBucket(sold + 1)).toBeGreaterThanOrEqual(salesBucket(sold));
  });

  it('follow from the row id as from the sales', () => {
    for (const sold of [0, 1, 2, 7, 8, 99, 100, 65_535, 4_194_303, 10_000_000]) {
      expect(salesBucketOf(docRowid(sold, 1))).toBe(salesBucket(sold));
      expect(salesBucketOf(docRowid(sold, 2 ** 31 - 1))).toBe(salesBucket(sold));
    }
  });

  it('are tokens of each PostgreSQL document', () => {
    expect(tsvectorLiteral({ title: ['red'], body: [], facets: [], sold_count: 3 })).toBe("'red':1A '_v16':2C '_g1':3C '_g2':4C");
  });

  it('name "this bucket or higher" in at most eight tokens, exactly', () => {
    const sales = [0, 1, 2, 3, 5, 8, 13, 100, 255, 256, 1000, 46_000, 65_535, 1_000_000, 4_194_303];
    for (let bucket = 1; bucket <= TOP_SALES_BUCKET; bucket += 1) {
      const from = new Set(salesFrom(bucket));
      expect(from.size).toBeLessThanOrEqual(8);
      for (const sold of sales) {
        const has = salesTokens(sold).some((token) => from.has(token));
        expect(has, `${sold} sales against bucket ${bucket}`).toBe(salesBucket(sold) >= bucket);
      }
    }
  });

  it('round down to a doubling, whose one token names them', () => {
    expect(doublingStart(127)).toBe(120);
    expect(doublingStart(120)).toBe(120);
    expect(doublingStart(7)).toBe(0);
    expect(salesFrom(doublingStart(101))).toEqual(['_g12']);
  });

  it('start at their lowest row id', () => {
    for (let bucket = 0; bucket <= TOP_SALES_BUCKET; bucket += 1) {
      const floor = salesFloor(bucket);
      expect(salesBucketOf(floor)).toBeGreaterThanOrEqual(bucket);
      if (floor > 0) expect(salesBucketOf(floor - 1)).toBeLessThan(bucket);
    }
  });
});

describe('window stages', () => {
  // 1,000 documents; row ids of sales 0, 0, 1, 3, 7… up to 511, 100 documents a histogram interval.
  const bounds = Array.from({ length: 11 }, (_, index) => docRowid(index === 0 ? 0 : 2 ** (index - 1) - 1, 1));

  it('start low enough to hold their documents, and stop before the whole index', () => {
    expect(stageBucket(bounds, 1000, 100, undefined)).toBe(salesBucket(255));
    expect(stageBucket(bounds, 1000, 250, undefined)).toBe(salesBucket(63));
    for (const rows of [1, 100, 150, 250, 700]) {
      const start = rangeStart(bounds, 1000, rows, undefined) as number;
      expect(salesFloor(stageBucket(bounds, 1000, rows, undefined) as number)).toBeLessThanOrEqual(start);
    }
    expect(stageBucket(bounds, 1000, 2000, undefined)).toBeUndefined();
    expect(stageBucket([], 1000, 50, undefined)).toBeUndefined();
    // Below a cursor, a stage counts from the cursor.
    expect(stageBucket(bounds, 1000, 100, docRowid(63, 5))).toBe(salesBucket(31));
  });

  it('know about how many documents they hold', () => {
    expect(rowsFrom(bounds, 1000, salesBucket(255), undefined)).toBe(100);
    expect(rowsFrom(bounds, 1000, salesBucket(63), undefined)).toBe(300);
    expect(rowsFrom(bounds, 1000, salesBucket(63), docRowid(255, 1))).toBe(200);
    expect(rowsFrom([], 1000, 8, undefined)).toBe(0);
  });

  it('grow to hold a window at the density the last one met, and at least double', () => {
    // 9,000 documents held 23 matches: a window of 400 needs ~157,000, and half as many again.
    expect(nextStageRows(9000, 23, 400)).toBe(Math.ceil(9000 * ((1.5 * 400) / 23)));
    expect(nextStageRows(9000, 399, 400)).toBe(18_000);
  });
});
