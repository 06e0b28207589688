import { describe, expect, it } from 'vitest';
import { rangeStart } from './engine.js';

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
