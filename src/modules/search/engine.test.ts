import { describe, expect, it } from 'vitest';
import { docRowid, salesBucket, salesBucketOf, salesFrom, salesTokens, TOP_SALES_BUCKET } from './document.js';
import { rangeStart, stageBuckets, tsvectorLiteral } from './engine.js';

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

  it('start each stage low enough to hold its documents, and stop before the whole index', () => {
    // 1,000 documents; row ids of sales 0, 1, 3, 7… up to 511, 100 documents a histogram bucket.
    const bounds = Array.from({ length: 11 }, (_, index) => docRowid(index === 0 ? 0 : 2 ** (index - 1) - 1, 1));
    const stages = stageBuckets(bounds, 1000, [100, 250, 2000], undefined);
    expect(stages).toEqual([salesBucket(255), salesBucket(63)]);
    for (const [index, bucket] of stages.entries()) {
      const start = rangeStart(bounds, 1000, [100, 250][index] as number, undefined) as number;
      expect(salesBucketOf(start)).toBeGreaterThanOrEqual(bucket);
    }
    // Stages landing in the same bucket run once; none without statistics.
    expect(stageBuckets(bounds, 1000, [50, 60, 100, 150], undefined)).toEqual([salesBucket(255), salesBucket(127)]);
    expect(stageBuckets([], 1000, [50], undefined)).toEqual([]);
    // Below a cursor, a stage counts from the cursor.
    expect(stageBuckets(bounds, 1000, [100], docRowid(63, 5))).toEqual([salesBucket(31)]);
  });
});
