import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResolvedClause } from './query.js';
import { facetGroups, INTENT_BOOST, pageOf, relevance } from './rank.js';
import { documentValues } from './testing.js';
import type { DocumentValues } from './values.js';

const doc = documentValues;
const word = (...alternatives: string[]): ResolvedClause => ({
  clause: { kind: 'word', text: alternatives[0] ?? '', prefix: false },
  alternatives: alternatives.map((alternative) => alternative.split(' ')),
});
const ids = (page: DocumentValues[]) => page.map((values) => values.doc_rowid);
const base = { clauses: [], currency: 'CNY', intent: [], offset: 0, limit: 10 };

describe('ranking a window', () => {
  it('scores whole title tokens found, the title length, sales, stock and intent', () => {
    const score = relevance({ clauses: [word('red'), word('dress')], intent: ['cat_dresses'] });
    const plain = doc(1, { title_tokens: 'red dress', title_length: 2 });
    expect(score(plain)).toBeCloseTo(2 / (1 + 2 / 200));
    // A token must match whole: "redder" is not "red".
    expect(score(doc(2, { title_tokens: 'redder dress', title_length: 2 }))).toBeCloseTo(1.5 / (1 + 2 / 200));
    expect(score({ ...plain, sold_count: 99 })).toBeCloseTo(score(plain) * (1 + 0.25 * Math.log(100)));
    expect(score({ ...plain, in_stock: 0 })).toBeCloseTo(score(plain) / 2);
    expect(score({ ...plain, category_id: 'cat_dresses' })).toBeCloseTo(score(plain) * INTENT_BOOST);
    // Any alternative of a clause counts (a stem, a completion, a correction).
    expect(relevance({ clauses: [word('earbud', 'earbuds')], intent: [] })(doc(3, { title_tokens: 'earbuds' }))).toBeCloseTo(
      2 / (1 + 1 / 200),
    );
  });

  it('orders by score, then best-selling first, and pages through', () => {
    const window = [
      doc(9, { title_tokens: 'case' }),
      doc(8, { title_tokens: 'red case', title_length: 2 }),
      doc(7, { title_tokens: 'red' }),
    ];
    const page = pageOf(window, { ...base, clauses: [word('red')], sort: 'relevance' });
    expect(ids(page)).toEqual([7, 8, 9]);
    expect(ids(pageOf(window, { ...base, clauses: [word('red')], sort: 'relevance', offset: 1, limit: 1 }))).toEqual([8]);
  });

  it('sorts prices in the asked currency first, each currency by price', () => {
    const window = [
      doc(5, { currency: 'USD', price_minor: 10 }),
      doc(4, { price_minor: 300 }),
      doc(3, { price_minor: 100 }),
      doc(2, { currency: 'USD', price_minor: 5 }),
      doc(1, { price_minor: 100 }),
    ];
    expect(ids(pageOf(window, { ...base, sort: 'price_asc' }))).toEqual([3, 1, 4, 2, 5]);
    expect(ids(pageOf(window, { ...base, sort: 'price_desc' }))).toEqual([4, 3, 1, 5, 2]);
    expect(ids(pageOf(window, { ...base, sort: 'newest' }))).toEqual([5, 4, 3, 2, 1]);
    expect(ids(pageOf(window, { ...base, sort: 'sales', offset: 3 }))).toEqual([2, 1]);
  });

  it('counts a window by category, store type and price step, other currencies apart', () => {
    const groups = facetGroups(
      [doc(1), doc(2), doc(3, { store_type: 'brand' }), doc(4, { currency: 'USD' }), doc(5, { category_id: 'cat_cases', price_step: 7 })],
      'CNY',
    );
    expect(groups).toEqual([
      { category_id: 'cat_phones', store_type: 'individual', step: 4, n: 2 },
      { category_id: 'cat_phones', store_type: 'brand', step: 4, n: 1 },
      { category_id: 'cat_phones', store_type: 'individual', step: -1, n: 1 },
      { category_id: 'cat_cases', store_type: 'individual', step: 7, n: 1 },
    ]);
  });

  it('picks the same page as sorting the whole window, for every sort, page and tie', () => {
    const row = fc.record({
      sold_count: fc.integer({ min: 0, max: 5 }),
      price_minor: fc.integer({ min: 1, max: 4 }),
      currency: fc.constantFrom('CNY', 'USD'),
      in_stock: fc.constantFrom(0, 1),
      title_tokens: fc.constantFrom('red', 'red dress', 'dress', 'blue'),
      title_length: fc.integer({ min: 1, max: 3 }),
      seq: fc.integer({ min: 1, max: 6 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 10_000 }), row), { selector: ([rowid]) => rowid, maxLength: 120 }),
        fc.constantFrom('relevance', 'price_asc', 'price_desc', 'newest', 'sales' as const),
        fc.integer({ min: 0, max: 130 }),
        fc.integer({ min: 1, max: 70 }),
        (rows, sort, offset, limit) => {
          const window = rows.map(([rowid, overrides]) => doc(rowid, overrides)).sort((left, right) => right.doc_rowid - left.doc_rowid);
          const query = { ...base, clauses: [word('red')], sort, offset, limit };
          const keyOf = (values: DocumentValues): number[] => {
            if (sort === 'relevance') return [relevance(query)(values), 0];
            if (sort === 'newest') return [values.seq, 0];
            if (sort === 'sales') return [values.doc_rowid, 0];
            const same = values.currency === 'CNY' ? 1 : 0;
            return [same, sort === 'price_asc' ? -values.price_minor : values.price_minor];
          };
          const sorted = [...window].sort((left, right) => {
            const [a, b] = [keyOf(left), keyOf(right)];
            return (b[0] as number) - (a[0] as number) || (b[1] as number) - (a[1] as number) || right.doc_rowid - left.doc_rowid;
          });
          expect(ids(pageOf(window, query))).toEqual(ids(sorted.slice(offset, offset + limit)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
