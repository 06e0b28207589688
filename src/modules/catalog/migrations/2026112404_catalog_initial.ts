import { type Kysely, sql } from 'kysely';
import { flattenTaxonomy } from '../taxonomy.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('categories')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('parent_id', 'text', (column) => column.references('categories.id'))
    .addColumn('name_zh', 'text', (column) => column.notNull())
    .addColumn('name_en', 'text', (column) => column.notNull())
    .addColumn('position', 'integer', (column) => column.notNull())
    .execute();
  await (db as Kysely<{ categories: ReturnType<typeof flattenTaxonomy>[number] }>)
    .insertInto('categories')
    .values(flattenTaxonomy())
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('store_id', 'text', (column) => column.notNull().references('stores.id'))
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull())
    .addColumn('category_id', 'text', (column) => column.notNull().references('categories.id'))
    .addColumn('attributes', 'text', (column) => column.notNull())
    .addColumn('options', 'text', (column) => column.notNull())
    .addColumn('image_ids', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('price_min_minor', 'bigint', (column) => column.notNull())
    .addColumn('price_max_minor', 'bigint', (column) => column.notNull())
    .addColumn('stock_total', 'bigint', (column) => column.notNull())
    .addColumn('sold_count', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('favourite_count', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('page_json', 'text', (column) => column.notNull())
    .addColumn('card_json', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('products_store').on('products').columns(['store_id', 'status', 'id']).execute();
  await db.schema.createIndex('products_category').on('products').columns(['category_id', 'status', 'id']).execute();
  await db.schema.createIndex('products_status').on('products').columns(['status', 'id']).execute();

  await db.schema
    .createTable('skus')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('product_id', 'text', (column) => column.notNull().references('products.id').onDelete('cascade'))
    .addColumn('option_values', 'text', (column) => column.notNull())
    .addColumn('code', 'text', (column) => column.notNull())
    .addColumn('price_minor', 'bigint', (column) => column.notNull())
    .addColumn('stock', 'bigint', (column) => column.notNull())
    .addColumn('weight_g', 'integer', (column) => column.notNull())
    .addColumn('length_mm', 'integer')
    .addColumn('width_mm', 'integer')
    .addColumn('height_mm', 'integer')
    .addColumn('position', 'integer', (column) => column.notNull())
    .addCheckConstraint('skus_stock_nonnegative', sql`stock >= 0`)
    .addCheckConstraint('skus_price_nonnegative', sql`price_minor >= 0`)
    .execute();
  await db.schema.createIndex('skus_product').on('skus').columns(['product_id', 'position']).execute();

  await db.schema
    .createTable('stock_adjustments')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('sku_id', 'text', (column) => column.notNull().references('skus.id').onDelete('cascade'))
    .addColumn('product_id', 'text', (column) => column.notNull())
    .addColumn('delta', 'bigint', (column) => column.notNull())
    .addColumn('stock_after', 'bigint', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('note', 'text', (column) => column.notNull())
    .addColumn('actor_id', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('stock_adjustments_product').on('stock_adjustments').columns(['product_id', 'id']).execute();

  await db.schema
    .createTable('favourites')
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('product_id', 'text', (column) => column.notNull().references('products.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('favourites_pk', ['user_id', 'product_id'])
    .execute();
  await db.schema.createIndex('favourites_product').on('favourites').column('product_id').execute();
}
