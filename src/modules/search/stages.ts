import { salesBucketOf, salesFloor } from './document.js';

/*
 * The arithmetic of PostgreSQL's staged window (engine.ts, decision 0013): where a stage of
 * about so many best sellers starts, how many documents it holds, how large the next one is.
 * Row counts come from the equal-frequency histogram of `doc_rowid` that PostgreSQL keeps.
 */

/** The row id with about `rows` documents between it and `below` (the top when undefined), or undefined for "the whole index". */
export function rangeStart(bounds: readonly number[], total: number, rows: number, below: number | undefined): number | undefined {
  const buckets = bounds.length - 1;
  if (buckets < 2 || total <= 0) return undefined;
  let top = buckets;
  if (below !== undefined) {
    top = 0;
    while (top < buckets && (bounds[top + 1] as number) <= below) top += 1;
  }
  const start = top - Math.ceil(rows / (total / buckets));
  return start <= 0 ? undefined : bounds[start];
}

/** The sales bucket a stage of about `rows` documents (below the cursor) starts at; undefined once it would hold the whole index. */
export function stageBucket(bounds: readonly number[], total: number, rows: number, below: number | undefined): number | undefined {
  const atLeast = rangeStart(bounds, total, rows, below);
  const bucket = atLeast === undefined ? 0 : salesBucketOf(atLeast);
  return bucket > 0 ? bucket : undefined;
}

/** About how many documents (below the cursor) are in `bucket` or higher, by the histogram's whole intervals. */
export function rowsFrom(bounds: readonly number[], total: number, bucket: number, below: number | undefined): number {
  const low = salesFloor(bucket);
  let intervals = 0;
  for (let index = 0; index + 1 < bounds.length; index += 1) {
    if ((bounds[index] as number) >= low && (below === undefined || (bounds[index + 1] as number) <= below)) intervals += 1;
  }
  return bounds.length > 1 ? (intervals * total) / (bounds.length - 1) : 0;
}

/**
 * The next stage's size from what the last one found: enough documents to hold a window at
 * the density it met, half as many again for the estimate's error, and at least twice as many.
 */
export function nextStageRows(held: number, found: number, limit: number): number {
  return Math.ceil(held * Math.max(2, (1.5 * limit) / found));
}
