import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stores')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('handle', 'text', (column) => column.notNull().unique())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull())
    .addColumn('country', 'text', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('owner_id', 'text', (column) => column.notNull().references('users.id'))
    .addColumn('brand_status', 'text', (column) => column.notNull())
    .addColumn('brand_review_note', 'text')
    .addColumn('brand_reviewed_by', 'text')
    .addColumn('brand_reviewed_at', 'text')
    .addColumn('storefront_draft', 'text', (column) => column.notNull())
    .addColumn('storefront_published', 'text')
    .addColumn('published_at', 'text')
    .addColumn('follower_count', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('summary_json', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addCheckConstraint('stores_follower_count_nonnegative', sql`follower_count >= 0`)
    .execute();
  await db.schema.createIndex('stores_owner').on('stores').column('owner_id').execute();
  await db.schema.createIndex('stores_brand_status').on('stores').columns(['brand_status', 'id']).execute();

  await db.schema
    .createTable('store_members')
    .addColumn('store_id', 'text', (column) => column.notNull().references('stores.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('store_members_pk', ['store_id', 'user_id'])
    .execute();
  await db.schema.createIndex('store_members_user').on('store_members').column('user_id').execute();

  await db.schema
    .createTable('brand_documents')
    .addColumn('image_id', 'text', (column) => column.primaryKey())
    .addColumn('store_id', 'text', (column) => column.notNull().references('stores.id').onDelete('cascade'))
    .addColumn('note', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('brand_documents_store').on('brand_documents').column('store_id').execute();

  await db.schema
    .createTable('store_follows')
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('store_id', 'text', (column) => column.notNull().references('stores.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('store_follows_pk', ['user_id', 'store_id'])
    .execute();
  await db.schema.createIndex('store_follows_store').on('store_follows').column('store_id').execute();

  await db.schema
    .createTable('share_visits')
    .addColumn('store_id', 'text', (column) => column.notNull().references('stores.id').onDelete('cascade'))
    .addColumn('target', 'text', (column) => column.notNull())
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('day', 'text', (column) => column.notNull())
    .addColumn('visits', 'integer', (column) => column.notNull())
    .addPrimaryKeyConstraint('share_visits_pk', ['store_id', 'day', 'target', 'source'])
    .execute();
}
