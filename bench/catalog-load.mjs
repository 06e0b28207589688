// Builds a catalog of N products (default 1,000,000) for bench/catalog.mjs, in DATA_DIR.
// Stores, users and photos go through Jishi's own services; the products are written in bulk
// with prepared SQLite statements, but their page and card JSON come from the catalog's own
// productDocuments(), so every row is exactly what the service would have written.
// Deterministic: the same N gives the same catalog. Titles mix Chinese and English with a
// skew (some words appear in a large share of titles), as real listings do.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import sharp from 'sharp';
import { bulkId, categoryPathOf, log, root, skewed } from './lib.mjs';

const dist = (path) => import(join(root, 'dist', path));

export async function buildCatalog({ dataDir, products, onProgress = () => {} }) {
  const started = performance.now();
  const [{ openDatabase }, { migrate }, { allMigrations }, { systemClock }, { DiskBlobStore }, stores, catalog, accounts, vocabulary] =
    await Promise.all([
      dist('kernel/db/database.js'),
      dist('kernel/db/migrate.js'),
      dist('modules.js'),
      dist('kernel/clock.js'),
      dist('kernel/blobs.js'),
      dist('modules/stores/index.js'),
      dist('modules/catalog/index.js'),
      dist('modules/accounts/index.js'),
      dist('flows/demo/vocabulary.js'),
    ]);
  const database = openDatabase({ dataDir });
  await migrate(database, allMigrations);
  const context = {
    db: database.db,
    clock: systemClock,
    blobs: new DiskBlobStore(join(dataDir, 'blobs')),
    passwordHashCost: 10,
    sessionTtl_ms: 3_600_000,
  };
  const owner = await accounts.signUp(context, { email: `bench-owner@example.com`, password: 'bench passphrase 1' });
  const storeCount = Math.max(1, Math.min(200, Math.ceil(products / 5_000)));
  const storeRows = [];
  for (let index = 0; index < storeCount; index += 1) {
    const type = ['individual', 'brand', 'supplier'][index % 3];
    storeRows.push(
      await stores.openStore(context, owner.id, {
        name: `店铺 Store ${index}`,
        handle: `bench-store-${index}`,
        country: 'CN',
        currency: 'CNY',
        type,
      }),
    );
  }
  const images = [];
  for (const colour of ['#d9480f', '#1971c2', '#2b8a3e']) {
    const bytes = await sharp({ create: { width: 800, height: 800, channels: 3, background: colour } })
      .jpeg()
      .toBuffer();
    const { saveImage } = await dist('modules/media/index.js');
    images.push(await saveImage(context, { bytes, uploaderId: owner.id, storeId: storeRows[0].id, purpose: 'product' }));
  }
  await database.close();

  const categories = catalog.flattenTaxonomy();
  const pathOf = (id) => categoryPathOf(categories, id);
  const sqlite = new BetterSqlite3(join(dataDir, 'jishi.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const insertProduct =
    sqlite.prepare(`insert into products (id, store_id, title, description, category_id, attributes, options, image_ids, status, currency,
    price_min_minor, price_max_minor, stock_total, sold_count, favourite_count, page_json, card_json, created_at, updated_at)
    values (@id, @store_id, @title, @description, @category_id, @attributes, @options, @image_ids, @status, @currency,
    @price_min_minor, @price_max_minor, @stock_total, @sold_count, @favourite_count, @page_json, @card_json, @created_at, @updated_at)`);
  const insertSku =
    sqlite.prepare(`insert into skus (id, product_id, option_values, code, price_minor, stock, weight_g, length_mm, width_mm, height_mm, position)
    values (@id, @product_id, @option_values, @code, @price_minor, @stock, @weight_g, @length_mm, @width_mm, @height_mm, @position)`);
  const { random } = await dist('flows/demo/seed.js');
  const next = random(1_000_003);
  const base_ms = Date.UTC(2026, 0, 1);
  const idOf = bulkId;
  const batchSize = 10_000;
  const write = sqlite.transaction((rows) => {
    for (const { product, skus } of rows) {
      insertProduct.run(product);
      for (const sku of skus) insertSku.run(sku);
    }
  });
  for (let start = 0; start < products; start += batchSize) {
    const rows = [];
    for (let number = start; number < Math.min(products, start + batchSize); number += 1) {
      const words = skewed(next, vocabulary.VOCABULARY);
      const adjective = skewed(next, words.adjectives);
      const noun = skewed(next, words.nouns);
      const time_ms = base_ms + number * 1_000;
      const id = idOf('prd', number, time_ms);
      const store = storeRows[number % storeRows.length];
      const price = Math.round((words.price_minor[0] + next() * (words.price_minor[1] - words.price_minor[0])) / 10) * 10;
      const colours = next() < 0.5 ? ['红', '黑'] : ['白'];
      const skus = colours.map((colour, position) => ({
        id: idOf('sku', number * 4 + position, time_ms),
        product_id: id,
        option_values: JSON.stringify([colour]),
        code: '',
        price_minor: price + position * 100,
        stock: Math.floor(next() * 500),
        weight_g: 100 + Math.floor(next() * 900),
        length_mm: null,
        width_mm: null,
        height_mm: null,
        position,
      }));
      const created_at = new Date(time_ms).toISOString();
      const product = {
        id,
        store_id: store.id,
        title: `${adjective.zh}${noun.zh} ${adjective.en} ${noun.en} ${number % 997}`,
        description: `${adjective.zh}${noun.zh}，品质保证。\n${adjective.en} ${noun.en}, checked before it ships.`,
        category_id: words.category,
        attributes: JSON.stringify([{ name: '产地 Origin', value: '浙江 Zhejiang' }]),
        options: JSON.stringify([{ name: '颜色', values: colours }]),
        image_ids: JSON.stringify(images.map((image) => image.id)),
        status: 'active',
        currency: 'CNY',
        sold_count: Math.floor(next() ** 3 * 5_000),
        favourite_count: 0,
        created_at,
        updated_at: created_at,
      };
      Object.assign(product, catalog.productDocuments(product, skus, images, pathOf(words.category)));
      rows.push({ product, skus });
    }
    write(rows);
    onProgress(Math.min(products, start + batchSize), products);
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  const build_s = (performance.now() - started) / 1000;
  log(`built ${products} products in ${build_s.toFixed(1)} s`);
  return { build_s, stores: storeRows.length };
}
