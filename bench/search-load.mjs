// Builds a deterministic catalog for bench/search.mjs on SQLite (DATA_DIR) or PostgreSQL.
// Stores and their owner go through Jishi's services; products and their one SKU are written
// in bulk, with page and card JSON from the catalog's own productDocuments(), so rows are
// what the service writes. Titles are Chinese only, English only or both, from the demo
// vocabulary plus shop words with a steep skew: "新款", "red" or "包邮" land in a large share
// of titles, as they do in real listings. The search index is then built by reindex().
import { join } from 'node:path';
import { bulkId, categoryPathOf, log, root, skewed } from './lib.mjs';

const dist = (path) => import(join(root, 'dist', path));

/** Shop words that cut across categories, most common first. */
export const MODIFIERS = [
  { zh: '新款', en: 'new' },
  { zh: '红色', en: 'red' },
  { zh: '包邮', en: 'free shipping' },
  { zh: '黑色', en: 'black' },
  { zh: '爆款', en: 'bestseller' },
  { zh: '简约', en: 'minimalist' },
  { zh: '白色', en: 'white' },
  { zh: '大容量', en: 'large' },
  { zh: '便携', en: 'portable' },
  { zh: '正品', en: 'genuine' },
  { zh: '加厚', en: 'thick' },
  { zh: '韩版', en: 'korean style' },
  { zh: '复古', en: 'vintage' },
  { zh: '日系', en: 'japanese style' },
  { zh: '2026', en: '2026' },
];

const STORE_TYPES = ['individual', 'brand', 'supplier'];
const COUNTRIES = [['CN'], ['CN', 'HK', 'TW'], ['CN', 'US', 'GB', 'DE'], ['CN', 'JP', 'KR']];

function title(next, words) {
  const adjective = skewed(next, words.adjectives);
  const noun = skewed(next, words.nouns);
  const modifiers = [];
  for (let index = 0; index < 3; index += 1) if (next() < 0.45) modifiers.push(skewed(next, MODIFIERS, 3));
  const unique = [...new Set(modifiers)];
  const language = next();
  const zh = `${unique.map((word) => word.zh).join('')}${adjective.zh}${noun.zh}`;
  const en = `${unique.map((word) => word.en).join(' ')} ${adjective.en} ${noun.en}`.trim();
  if (language < 0.4) return zh;
  if (language < 0.7) return en;
  return `${zh} ${en}`;
}

/**
 * Writes `products` products. `insert(table, rows)` writes rows in bulk on the chosen
 * database. Returns the store ids.
 */
export async function buildSearchCatalog({ database, products, insert, onProgress = () => {} }) {
  const [{ systemClock }, stores, catalog, accounts, vocabulary, { random }, { migrate }, { allMigrations }] = await Promise.all([
    dist('kernel/clock.js'),
    dist('modules/stores/index.js'),
    dist('modules/catalog/index.js'),
    dist('modules/accounts/index.js'),
    dist('flows/demo/vocabulary.js'),
    dist('flows/demo/seed.js'),
    dist('kernel/db/migrate.js'),
    dist('modules.js'),
  ]);
  await migrate(database, allMigrations);
  const context = { db: database.db, clock: systemClock, blobs: null, passwordHashCost: 10, sessionTtl_ms: 3_600_000 };
  const owner = await accounts.signUp(context, { email: 'bench-search@example.com', password: 'bench passphrase 1' });
  const storeRows = [];
  const storeCount = Math.max(3, Math.min(400, Math.ceil(products / 2_500)));
  for (let index = 0; index < storeCount; index += 1) {
    storeRows.push(
      await stores.openStore(context, owner.id, {
        name: `${['小店', '旗舰店', '批发'][index % 3]} ${index} Shop`,
        handle: `search-bench-${index}`,
        country: 'CN',
        ships_to: COUNTRIES[index % COUNTRIES.length],
        currency: 'CNY',
        type: STORE_TYPES[index % 3],
      }),
    );
  }
  const categories = catalog.flattenTaxonomy();
  const pathOf = (id) => categoryPathOf(categories, id);
  const next = random(4_000_037);
  const base_ms = Date.UTC(2025, 0, 1);
  const idOf = bulkId;
  const batchSize = 5_000;
  for (let start = 0; start < products; start += batchSize) {
    const productRows = [];
    const skuRows = [];
    for (let number = start; number < Math.min(products, start + batchSize); number += 1) {
      const words = skewed(next, vocabulary.VOCABULARY, 1.6);
      const time_ms = base_ms + number * 20_000;
      const id = idOf('prd', number, time_ms);
      const store = storeRows[Math.floor(storeRows.length * next() ** 1.5)];
      const price = Math.round((words.price_minor[0] + next() * (words.price_minor[1] - words.price_minor[0])) / 10) * 10;
      const sku = {
        id: idOf('sku', number, time_ms),
        product_id: id,
        option_values: '[]',
        code: '',
        price_minor: price,
        stock: next() < 0.15 ? 0 : Math.floor(next() * 500),
        weight_g: 100 + Math.floor(next() * 900),
        length_mm: null,
        width_mm: null,
        height_mm: null,
        position: 0,
      };
      const created_at = new Date(time_ms).toISOString();
      const name = title(next, words);
      const product = {
        id,
        store_id: store.id,
        title: name,
        description: `${name}。品质保证，七天无理由退换。Carefully made and checked before it ships.`,
        category_id: words.category,
        attributes: JSON.stringify([{ name: '产地', value: ['浙江', '广东', '福建', '江苏'][number % 4] }]),
        options: '[]',
        image_ids: '[]',
        status: 'active',
        currency: 'CNY',
        sold_count: Math.floor(next() ** 8 * 50_000),
        favourite_count: 0,
        created_at,
        updated_at: created_at,
      };
      Object.assign(product, catalog.productDocuments(product, [sku], [], pathOf(words.category)));
      productRows.push(product);
      skuRows.push(sku);
    }
    await insert('products', productRows);
    await insert('skus', skuRows);
    onProgress(Math.min(products, start + batchSize), products);
  }
  return storeRows.map((store) => store.id);
}

/** Bulk row writers: prepared statements on SQLite, unnest() arrays on PostgreSQL. */
export function sqliteInserter(sqlite) {
  const statements = new Map();
  return async (table, rows) => {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    let statement = statements.get(table);
    if (!statement) {
      statement = sqlite.prepare(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map((column) => `@${column}`).join(', ')})`,
      );
      statements.set(table, statement);
    }
    sqlite.transaction(() => {
      for (const row of rows) statement.run(row);
    })();
  };
}

export function postgresInserter(pool) {
  return async (table, rows) => {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    const types = await columnTypes(pool, table);
    const arrays = columns.map((column) => rows.map((row) => row[column]));
    const unnest = columns.map((column, index) => `$${index + 1}::${types.get(column)}[]`).join(', ');
    await pool.query(`insert into ${table} (${columns.join(', ')}) select * from unnest(${unnest})`, arrays);
  };
}

const typeCache = new Map();
async function columnTypes(pool, table) {
  if (!typeCache.has(table)) {
    const result = await pool.query('select column_name, data_type from information_schema.columns where table_name = $1', [table]);
    typeCache.set(
      table,
      new Map(result.rows.map((row) => [row.column_name, row.data_type === 'character varying' ? 'text' : row.data_type])),
    );
  }
  return typeCache.get(table);
}

export { log };
