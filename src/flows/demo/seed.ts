import type { BlobStore } from '../../kernel/blobs.js';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { createOperator, type PublicUser, signUp } from '../../modules/accounts/index.js';
import { addImage, createProduct, favourite, findProduct } from '../../modules/catalog/index.js';
import {
  findStore,
  follow,
  openStore,
  publishStorefront,
  recordVisit,
  reviewBrand,
  type StoresTable,
  type StoreType,
  saveStorefrontDraft,
  submitBrandDocument,
  uploadStoreImage,
} from '../../modules/stores/index.js';
import { bannerPicture, logoPicture, PALETTE, productPicture } from './pictures.js';
import { type CategoryVocabulary, STORE_NAMES, VOCABULARY, type Word } from './vocabulary.js';

/**
 * `jishi seed --demo`: a lively marketplace to try Jishi with — stores of every type with
 * designed storefronts, a thousand-odd bilingual listings with photos drawn locally, buyers
 * who follow stores and favourite products. Deterministic: the same seed gives the same
 * marketplace. Every account's password is DEMO_PASSWORD.
 */
export const DEMO_PASSWORD = 'jishi demo 2026';
export const DEMO_DOMAIN = 'demo.jishi.local';

export interface SeedContext {
  db: Executor;
  clock: Clock;
  blobs: BlobStore;
  passwordHashCost: number;
  sessionTtl_ms: number;
}

export interface SeedOptions {
  stores?: number;
  productsPerStore?: number;
  buyers?: number;
  onProgress?: (step: string, done: number, total: number) => void;
}

/** A small deterministic random number generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function between(next: () => number, [low, high]: [number, number], step = 100): number {
  return Math.round((low + next() * (high - low)) / step) * step || step;
}

function storeType(index: number): StoreType {
  if (index % 6 === 1) return 'brand';
  if (index % 6 === 4) return 'supplier';
  return 'individual';
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map((item, offset) => work(item, start + offset)))));
  }
  return results;
}

function productInput(next: () => number, vocabulary: CategoryVocabulary) {
  const adjective = pick(next, vocabulary.adjectives);
  const noun = pick(next, vocabulary.nouns);
  const title = `${adjective.zh}${noun.zh} ${adjective.en} ${noun.en}`;
  const chosen = (vocabulary.options ?? []).slice(0, 2).map((option) => {
    const count = 2 + Math.floor(next() * Math.min(3, option.values.length - 1));
    const values = [...option.values].sort(() => next() - 0.5).slice(0, count);
    return { name: option.name, values };
  });
  const base = between(next, vocabulary.price_minor);
  const combos = chosen.reduce<Word[][]>((all, option) => all.flatMap((prefix) => option.values.map((value) => [...prefix, value])), [[]]);
  const skus = combos.map((combo, index) => ({
    options: combo.map((word) => word.zh),
    price_minor: base + index * (next() < 0.3 ? 500 : 0),
    stock: Math.floor(next() * 200),
    weight_g: between(next, vocabulary.weight_g, 10),
  }));
  return {
    title,
    description: `${adjective.zh}${noun.zh}，品质保证，七天无理由退换。\n${adjective.en} ${noun.en}, carefully made and checked before it ships.`,
    category_id: vocabulary.category,
    attributes: [
      { name: '产地 Origin', value: pick(next, ['浙江 Zhejiang', '广东 Guangdong', '云南 Yunnan', '江苏 Jiangsu', '福建 Fujian']) },
    ],
    options: chosen.map((option) => ({ name: option.name.zh, values: option.values.map((value) => value.zh) })),
    skus,
    status: 'active' as const,
  };
}

async function makeUsers(context: SeedContext, prefix: string, count: number, progress: SeedOptions['onProgress']): Promise<PublicUser[]> {
  let done = 0;
  return inBatches(
    Array.from({ length: count }, (_, index) => index),
    4,
    async (index) => {
      const user = await signUp(context, {
        email: `${prefix}${index + 1}@${DEMO_DOMAIN}`,
        password: DEMO_PASSWORD,
        display_name: `${prefix} ${index + 1}`,
      });
      done += 1;
      progress?.(`${prefix} accounts`, done, count);
      return user;
    },
  );
}

async function dressStore(
  context: SeedContext,
  store: StoresTable,
  owner: PublicUser,
  colour: string,
  index: number,
  productIds: string[],
) {
  const logo = await uploadStoreImage(context, store, owner.id, 'logo', await logoPicture(colour, index));
  const banner = await uploadStoreImage(context, store, owner.id, 'banner', await bannerPicture(colour, index));
  await saveStorefrontDraft(context, store, {
    theme_color: colour,
    announcement: pick(random(index), [
      '新店开张，全场包邮！ Free shipping on everything!',
      '满199减20 · ¥20 off orders over ¥199',
      '下单48小时内发货 · Ships within 48 hours',
    ]),
    logo_image_id: logo.id,
    banner_image_id: banner.id,
    sections: [
      { title: '热卖推荐 Best sellers', product_ids: productIds.slice(0, 6) },
      { title: '新品上架 New arrivals', product_ids: productIds.slice(6, 12) },
    ],
  });
  // Publishing copies the stored draft, so it needs the row as it is now.
  const saved = await findStore(context.db, store.id);
  if (saved) await publishStorefront(context, saved);
}

export async function seedDemo(context: SeedContext, options: SeedOptions = {}) {
  const next = random(20_261_124);
  const storeCount = Math.min(options.stores ?? 36, STORE_NAMES.length);
  const perStore = options.productsPerStore ?? 30;
  const progress = options.onProgress;
  const { user: operator } = await createOperator(context, {
    email: `operator@${DEMO_DOMAIN}`,
    password: DEMO_PASSWORD,
    display_name: 'Operator',
  });
  const owners = await makeUsers(context, 'seller', storeCount, progress);
  const buyers = await makeUsers(context, 'buyer', options.buyers ?? 60, progress);
  const productIds: string[] = [];
  const stores: StoresTable[] = [];
  for (let index = 0; index < storeCount; index += 1) {
    const names = STORE_NAMES[index] as (typeof STORE_NAMES)[number];
    const owner = owners[index] as PublicUser;
    const type = storeType(index);
    const store = await openStore(context, owner.id, {
      name: `${names.zh} ${names.en}`,
      handle: names.handle,
      description: `${names.zh}：用心挑选每一件好物。\n${names.en}: every item picked with care.`,
      country: index % 9 === 8 ? pick(next, ['RU', 'IT', 'ES', 'TR']) : 'CN',
      currency: 'CNY',
      type,
    });
    stores.push(store);
    const colour = PALETTE[index % PALETTE.length] as string;
    const vocabularies = [VOCABULARY[index % VOCABULARY.length], VOCABULARY[(index * 7 + 3) % VOCABULARY.length]] as CategoryVocabulary[];
    const pictures = await Promise.all(
      [0, 1, 2].map((shape) => productPicture(index + shape, PALETTE[(index + shape * 3) % PALETTE.length] as string)),
    );
    const storeProducts: string[] = [];
    for (let number = 0; number < perStore; number += 1) {
      const input = productInput(next, vocabularies[number % 2] as CategoryVocabulary);
      const id = await createProduct(context, store, input);
      if (number < 3) {
        const product = await findProduct(context.db, id);
        if (product) await addImage(context, product, owner.id, pictures[number] as Buffer);
      }
      storeProducts.push(id);
      productIds.push(id);
      progress?.('products', productIds.length, storeCount * perStore);
    }
    await dressStore(context, store, owner, colour, index, storeProducts);
    if (type === 'brand' && index % 12 === 1) {
      await submitBrandDocument(context, store, owner.id, await logoPicture('#343a40', index), 'Trademark registration 商标注册证');
      await reviewBrand(context, store.id, operator.id, 'approve', 'Documents match the trademark register.');
    }
  }
  let social = 0;
  for (const buyer of buyers) {
    for (let count = 3 + Math.floor(next() * 6); count > 0; count -= 1)
      await follow(context, buyer.id, (pick(next, stores) as StoresTable).id);
    for (let count = 5 + Math.floor(next() * 10); count > 0; count -= 1) await favourite(context, buyer.id, pick(next, productIds));
    for (let count = Math.floor(next() * 4); count > 0; count -= 1) {
      await recordVisit(context, (pick(next, stores) as StoresTable).id, 'store', pick(next, ['qr', 'weibo', 'wechat', undefined]));
    }
    social += 1;
    progress?.('followers and favourites', social, buyers.length);
  }
  return { stores: stores.length, products: productIds.length, buyers: buyers.length, sellers: owners.length };
}
