import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../../kernel/db/database.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  let documents = db.schema
    .createTable('search_documents')
    .addColumn('doc_rowid', postgres ? 'bigint' : 'integer', (column) => column.primaryKey())
    .addColumn('product_id', 'text', (column) => column.notNull())
    .addColumn('seq', 'bigint', (column) => column.notNull())
    .addColumn('store_id', 'text', (column) => column.notNull())
    .addColumn('category_id', 'text', (column) => column.notNull())
    .addColumn('store_type', 'text', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('price_minor', 'bigint', (column) => column.notNull())
    .addColumn('in_stock', 'integer', (column) => column.notNull())
    .addColumn('sold_count', 'bigint', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('price_step', 'integer', (column) => column.notNull())
    .addColumn('title_tokens', 'text', (column) => column.notNull())
    .addColumn('title_length', 'integer', (column) => column.notNull())
    .addColumn('fingerprint', 'text', (column) => column.notNull());
  if (postgres) documents = documents.addColumn('tsv', sql`tsvector`, (column) => column.notNull());
  await documents.execute();
  // Separate indexes (not column constraints), so a bulk load can drop and rebuild them (engine.ts).
  await db.schema.createIndex('search_documents_by_product').on('search_documents').column('product_id').unique().execute();
  await db.schema.createIndex('search_documents_by_seq').on('search_documents').column('seq').unique().execute();

  if (postgres) {
    await sql`CREATE INDEX search_documents_tsv ON search_documents USING gin (tsv)`.execute(db);
    await sql`CREATE SEQUENCE search_documents_seq`.execute(db);
  } else {
    // Contentless: the index keeps only tokens; the documents table keeps what results show.
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(title, body, facets, content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 0 tokenchars '_'")`.execute(
      db,
    );
  }

  await db.schema
    .createTable('search_terms')
    .addColumn('term', 'text', (column) => column.primaryKey())
    .addColumn('docs', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('search_queries')
    .addColumn('query', 'text', (column) => column.primaryKey())
    .addColumn('count', 'bigint', (column) => column.notNull())
    .addColumn('results', 'bigint', (column) => column.notNull())
    .addColumn('last_at', 'text', (column) => column.notNull())
    .execute();
}
