import { type Kysely, sql } from 'kysely';
import { dialectOf, type Executor } from '../../kernel/db/database.js';
import {
  activeProductsAfter,
  activeProductsBySales,
  categories,
  categoryPath,
  countActiveProducts,
  findProduct,
  productIdsOfStore,
} from '../catalog/index.js';
import { findStore, storesByIds } from '../stores/index.js';
import { type Analyzer, inlineAnalyzer, startAnalyzer, vocabulary } from './batch.js';
import { type CategorySource, docRowid, fingerprintOf, indexDocument, type PackedDocument, packDocument } from './document.js';
import { engineFor, type PlacedDocument } from './engine.js';
import { markIndexFormat } from './format.js';
import type { SearchTables } from './schema.js';

function tables(db: Executor): Kysely<SearchTables> {
  return db as Kysely<SearchTables>;
}

async function addTerms(db: Executor, terms: readonly string[]): Promise<void> {
  if (terms.length === 0) return;
  // Existing words are left alone: counting up here would make common words hot rows that
  // every product write locks. Counts are exact after a reindex and a lower bound between.
  await tables(db)
    .insertInto('search_terms')
    .values(terms.map((term) => ({ term, docs: 1 })))
    .onConflict((conflict) => conflict.column('term').doNothing())
    .execute();
}

function findDocument(db: Executor, productId: string) {
  return tables(db)
    .selectFrom('search_documents')
    .select(['doc_rowid', 'seq', 'fingerprint'])
    .where('product_id', '=', productId)
    .executeTakeFirst();
}

/**
 * Brings one product's index entry up to date, inside the transaction that changed it:
 * active products are indexed, others (drafts, delisted, deleted) removed.
 */
export async function indexProduct(db: Executor, productId: string): Promise<void> {
  const engine = engineFor(db);
  const [existing, product] = [await findDocument(db, productId), await findProduct(db, productId)];
  const store = product?.status === 'active' ? await findStore(db, product.store_id) : undefined;
  if (!product || !store) {
    if (existing) await engine.remove(db, existing.doc_rowid);
    return;
  }
  const document = indexDocument(product, store, await categoryPath(db, product.category_id));
  document.fingerprint = fingerprintOf(document, product.card_json);
  if (existing?.fingerprint === document.fingerprint) return;
  const seq = existing?.seq ?? (await engine.nextSeq(db));
  const packed = packDocument(document, dialectOf(db));
  await engine.write(db, { ...packed, seq, doc_rowid: docRowid(document.sold_count, seq) }, existing?.doc_rowid);
  await addTerms(db, vocabulary(document));
}

/** Re-indexes a store's products after its name or shipping countries changed. */
export async function indexStore(db: Executor, storeId: string): Promise<void> {
  for (const productId of await productIdsOfStore(db, storeId)) await indexProduct(db, productId);
}

export interface ReindexProgress {
  done: number;
  total: number;
}

const REINDEX_BATCH = 5000;

/**
 * Rebuilds the whole index from the catalog. An empty index (or `fresh`, which empties it
 * first) is bulk-loaded; a live one is reconciled product by product, so searches keep
 * working while it runs. Either way the vocabulary's counts are recomputed exactly.
 */
export async function reindex(
  db: Executor,
  options: { fresh?: boolean; onProgress?: (progress: ReindexProgress) => void } = {},
): Promise<{ indexed: number }> {
  const engine = engineFor(db);
  if (options.fresh) await engine.clear(db);
  const total = await countActiveProducts(db);
  const empty = (await tables(db).selectFrom('search_documents').select('product_id').limit(1).execute()).length === 0;
  const paths: Record<string, CategorySource[]> = {};
  let counts: [string, number][] = [];
  for (const category of await categories(db)) paths[category.id] = await categoryPath(db, category.id);
  const state = { seq: await engine.nextSeq(db), done: 0 };
  const dialect = dialectOf(db);
  // A bulk load analyzes batch n + 1 on the worker while it writes batch n.
  const analyzer: Analyzer = empty && total > REINDEX_BATCH ? startAnalyzer() : inlineAnalyzer();
  const write = async (documents: PackedDocument[], reconcile: string[]) => {
    await db.transaction().execute(async (tx) => {
      for (const productId of reconcile) await indexProduct(tx, productId);
      if (reconcile.length) return;
      const placed = documents as PlacedDocument[];
      for (const document of placed) {
        document.seq = state.seq++;
        document.doc_rowid = docRowid(document.sold_count, document.seq);
      }
      await engine.writeMany(tx, placed);
    });
    state.done += documents.length;
    options.onProgress?.({ done: state.done, total });
  };
  if (empty) await engine.bulk(db, true);
  try {
    // A bulk load reads in row id order (sales, then age), so both the index and the document
    // table are appended to rather than written at random places.
    let after = { sold_count: -1, id: '' };
    let pending: Promise<void> = Promise.resolve();
    for (;;) {
      const products = empty
        ? await activeProductsBySales(db, after, REINDEX_BATCH)
        : await activeProductsAfter(db, after.id, REINDEX_BATCH);
      if (products.length === 0) break;
      const last = products[products.length - 1];
      if (last) after = { sold_count: last.sold_count, id: last.id };
      const stores = Object.fromEntries(
        (
          await storesByIds(
            db,
            products.map((product) => product.store_id),
          )
        ).map((store) => [store.id, store]),
      );
      const analyzed = analyzer.analyze({ products, stores, paths, dialect });
      const reconcile = empty ? [] : products.map((product) => product.id);
      await pending;
      pending = analyzed.then((batch) => write(batch, reconcile));
    }
    await pending;
    counts = await analyzer.terms();
  } finally {
    await analyzer.close();
    if (empty) await engine.bulk(db, false);
  }
  if (!empty) await removeOrphans(db);
  await replaceVocabulary(db, counts);
  if (empty && dialectOf(db) === 'postgres') await fixSequence(db, state.seq);
  await engine.optimize(db);
  // Every document has been written again: searches may rely on what this version writes.
  await markIndexFormat(db);
  return { indexed: state.done };
}

/** After a bulk load numbered documents itself, PostgreSQL's sequence continues after them. */
async function fixSequence(db: Executor, seq: number): Promise<void> {
  await sql`SELECT setval('search_documents_seq', ${Math.max(1, seq)})`.execute(db);
}

/** Drops entries of products that are no longer active (a reconcile after the catalog moved on). */
async function removeOrphans(db: Executor): Promise<void> {
  const engine = engineFor(db);
  let afterRowid = -1;
  for (;;) {
    const rows = await tables(db)
      .selectFrom('search_documents')
      .select(['doc_rowid', 'product_id'])
      .where('doc_rowid', '>', afterRowid)
      .orderBy('doc_rowid')
      .limit(REINDEX_BATCH)
      .execute();
    if (rows.length === 0) return;
    await db.transaction().execute(async (tx) => {
      for (const row of rows) {
        const product = await findProduct(tx, row.product_id);
        if (product?.status !== 'active') await engine.remove(tx, row.doc_rowid);
      }
    });
    afterRowid = rows[rows.length - 1]?.doc_rowid ?? afterRowid;
  }
}

async function replaceVocabulary(db: Executor, counts: readonly [string, number][]): Promise<void> {
  const rows = counts.map(([term, docs]) => ({ term, docs }));
  await db.transaction().execute(async (tx) => {
    await tables(tx).deleteFrom('search_terms').execute();
    for (let index = 0; index < rows.length; index += 1000) {
      await tables(tx)
        .insertInto('search_terms')
        .values(rows.slice(index, index + 1000))
        .execute();
    }
  });
}
