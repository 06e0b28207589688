import type { Kysely } from 'kysely';
import type { BlobStore } from '../../kernel/blobs.js';
import type { Clock } from '../../kernel/clock.js';
import { ChangeFeed } from '../../kernel/db/changes.js';
import type { Executor } from '../../kernel/db/database.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { isCurrency } from '../../kernel/money.js';
import { cleanLine, cleanParagraphs } from '../../kernel/text.js';
import { findUserByEmail, findUsersByIds, type Principal } from '../accounts/index.js';
import { findImage, findImages, type ImageView, presentImage, saveImage } from '../media/index.js';
import * as repo from './repo.js';
import type { MemberRole, Storefront, StoresTable, StoresTables, StoreType } from './schema.js';

export interface StoresContext {
  db: Executor;
  clock: Clock;
  blobs: BlobStore;
}

export const STORE_TYPES: readonly StoreType[] = ['individual', 'brand', 'supplier'];
const RESERVED_HANDLES = new Set([
  'admin',
  'api',
  'app',
  'www',
  'help',
  'support',
  'jishi',
  'operator',
  'seller',
  'static',
  'media',
  'new',
]);
export const HANDLE_PATTERN = '^[a-zA-Z0-9](?:[a-zA-Z0-9-]{1,28}[a-zA-Z0-9])$';
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export const DEFAULT_STOREFRONT: Storefront = {
  theme_color: '#d9480f',
  announcement: '',
  logo_image_id: null,
  banner_image_id: null,
  sections: [],
};

export function isCountry(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  const name = regionNames.of(code);
  return name !== undefined && name !== code && name !== 'Unknown Region';
}

function tables(db: Executor): Kysely<StoresTables> {
  return db as Kysely<StoresTables>;
}

export interface StoreSummary {
  id: string;
  handle: string;
  name: string;
  type: StoreType;
  country: string;
  currency: string;
  verified: boolean;
  follower_count: number;
  theme_color: string;
  logo: ImageView | null;
}

/** The public summary, recomputed and stored whenever anything in it changes. */
async function buildSummary(db: Executor, store: StoresTable): Promise<string> {
  const storefront = publishedOrDefault(store);
  const logoRow = storefront.logo_image_id ? await findImage(db, storefront.logo_image_id) : undefined;
  const summary: StoreSummary = {
    id: store.id,
    handle: store.handle,
    name: store.name,
    type: store.type,
    country: store.country,
    currency: store.currency,
    verified: store.type === 'brand' && store.brand_status === 'verified',
    follower_count: store.follower_count,
    theme_color: storefront.theme_color,
    logo: logoRow ? presentImage(logoRow) : null,
  };
  return JSON.stringify(summary);
}

function publishedOrDefault(store: Pick<StoresTable, 'storefront_published'>): Storefront {
  return store.storefront_published ? (JSON.parse(store.storefront_published) as Storefront) : DEFAULT_STOREFRONT;
}

async function refreshSummary(db: Executor, storeId: string): Promise<void> {
  const store = await repo.findStoreById(tables(db), storeId);
  if (store) await repo.updateStore(tables(db), storeId, { summary_json: await buildSummary(db, store) });
}

/** Announced in the writer's transaction when what other modules show of a store (its name, shipping countries) changes. */
export const storeChanges = new ChangeFeed();

export const MAX_SHIPS_TO = 250;

export interface OpenStoreInput {
  name: string;
  handle: string;
  description?: string | undefined;
  country: string;
  ships_to?: string[] | undefined;
  currency: string;
  type: StoreType;
}

function checkCountryAndCurrency(input: {
  country?: string | undefined;
  currency?: string | undefined;
  ships_to?: string[] | undefined;
}): void {
  if (input.country !== undefined && !isCountry(input.country)) {
    throw new AppError('validation_failed', { param: 'country', message: 'Use an ISO 3166 country code such as CN.' });
  }
  const unknown = input.ships_to?.find((code) => !isCountry(code));
  if (unknown !== undefined) {
    throw new AppError('validation_failed', { param: 'ships_to', message: `${unknown} is not an ISO 3166 country code.` });
  }
  if (input.currency !== undefined && !isCurrency(input.currency)) {
    throw new AppError('validation_failed', { param: 'currency', message: 'Use an ISO 4217 currency code such as CNY.' });
  }
}

/** Opens a store, free: the opener becomes its owner in the same transaction. */
export async function openStore(context: StoresContext, ownerId: string, input: OpenStoreInput): Promise<StoresTable> {
  const handle = input.handle.toLowerCase();
  if (RESERVED_HANDLES.has(handle)) throw new AppError('handle_taken', { param: 'handle', message: 'This handle is reserved.' });
  checkCountryAndCurrency(input);
  const now = context.clock.nowIso();
  const store: StoresTable = {
    id: newId('sto', context.clock.now_ms()),
    handle,
    name: cleanLine(input.name),
    description: cleanParagraphs(input.description ?? ''),
    country: input.country,
    ships_to: JSON.stringify([...new Set(input.ships_to ?? [input.country])].sort()),
    currency: input.currency,
    type: input.type,
    owner_id: ownerId,
    brand_status: 'none',
    brand_review_note: null,
    brand_reviewed_by: null,
    brand_reviewed_at: null,
    storefront_draft: JSON.stringify(DEFAULT_STOREFRONT),
    storefront_published: null,
    published_at: null,
    follower_count: 0,
    summary_json: '',
    created_at: now,
    updated_at: now,
  };
  if (!store.name) throw new AppError('validation_failed', { param: 'name', message: 'The name needs some visible text.' });
  store.summary_json = await buildSummary(context.db, store);
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      if (!(await repo.insertStore(tx, store))) throw new AppError('handle_taken', { param: 'handle' });
      await repo.insertMember(tx, store.id, ownerId, 'owner', now);
    });
  return store;
}

export async function findStore(db: Executor, idOrHandle: string): Promise<StoresTable | undefined> {
  const db2 = tables(db);
  return idOrHandle.startsWith('sto_') ? repo.findStoreById(db2, idOrHandle) : repo.findStoreByHandle(db2, idOrHandle.toLowerCase());
}

/** The store by id or handle, or a 404. */
export async function requireStore(db: Executor, idOrHandle: string): Promise<StoresTable> {
  const store = await findStore(db, idOrHandle);
  if (!store) throw new AppError('not_found', { message: 'No such store.' });
  return store;
}

export async function roleOf(db: Executor, storeId: string, userId: string | undefined): Promise<MemberRole | undefined> {
  return userId ? repo.roleOf(tables(db), storeId, userId) : undefined;
}

/**
 * The store, if the principal has one of the roles: otherwise 404 when the store does not
 * exist and 403 when it does but the principal is not on its team with such a role.
 */
export async function requireStoreRole(
  db: Executor,
  storeId: string,
  principal: Principal,
  roles: readonly MemberRole[],
): Promise<StoresTable> {
  const store = await requireStore(db, storeId);
  const role = await repo.roleOf(tables(db), store.id, principal.user.id);
  if (!role || !roles.includes(role)) throw new AppError('forbidden', { message: 'Only this store’s team may do this.' });
  return store;
}

export interface StoreSettingsChanges {
  name?: string | undefined;
  description?: string | undefined;
  country?: string | undefined;
  ships_to?: string[] | undefined;
  currency?: string | undefined;
}

export async function updateSettings(context: StoresContext, store: StoresTable, changes: StoreSettingsChanges): Promise<StoresTable> {
  checkCountryAndCurrency(changes);
  const update: Partial<StoresTable> = { updated_at: context.clock.nowIso() };
  if (changes.name !== undefined) {
    update.name = cleanLine(changes.name);
    if (!update.name) throw new AppError('validation_failed', { param: 'name', message: 'The name needs some visible text.' });
  }
  if (changes.description !== undefined) update.description = cleanParagraphs(changes.description);
  if (changes.country !== undefined) update.country = changes.country;
  if (changes.currency !== undefined) update.currency = changes.currency;
  if (changes.ships_to !== undefined) update.ships_to = JSON.stringify([...new Set(changes.ships_to)].sort());
  const next = { ...store, ...update };
  update.summary_json = await buildSummary(context.db, next);
  const announce = next.name !== store.name || next.ships_to !== store.ships_to;
  await context.db.transaction().execute(async (tx) => {
    await repo.updateStore(tables(tx), store.id, update);
    if (announce) await storeChanges.changed(tx, store.id);
  });
  return { ...next, summary_json: update.summary_json };
}

/** Saves the storefront draft; product ids are checked by the caller that knows products. */
export async function saveStorefrontDraft(context: StoresContext, store: StoresTable, storefront: Storefront): Promise<Storefront> {
  const clean: Storefront = {
    theme_color: storefront.theme_color.toLowerCase(),
    announcement: cleanLine(storefront.announcement),
    logo_image_id: storefront.logo_image_id,
    banner_image_id: storefront.banner_image_id,
    sections: storefront.sections.map((section) => ({ title: cleanLine(section.title), product_ids: [...new Set(section.product_ids)] })),
  };
  const imageIds = [clean.logo_image_id, clean.banner_image_id].filter((id): id is string => id !== null);
  const images = await findImages(context.db, imageIds);
  for (const [param, id, purpose] of [
    ['logo_image_id', clean.logo_image_id, 'logo'],
    ['banner_image_id', clean.banner_image_id, 'banner'],
  ] as const) {
    if (id === null) continue;
    const image = images.find((row) => row.id === id);
    if (!image || image.store_id !== store.id || image.purpose !== purpose) {
      throw new AppError('invalid_reference', { param: `storefront.${param}`, message: `No ${purpose} image ${id} in this store.` });
    }
  }
  await repo.updateStore(tables(context.db), store.id, { storefront_draft: JSON.stringify(clean), updated_at: context.clock.nowIso() });
  return clean;
}

export async function publishStorefront(context: StoresContext, store: StoresTable): Promise<StoresTable> {
  const now = context.clock.nowIso();
  const next = { ...store, storefront_published: store.storefront_draft, published_at: now, updated_at: now };
  next.summary_json = await buildSummary(context.db, next);
  await repo.updateStore(tables(context.db), store.id, {
    storefront_published: next.storefront_published,
    published_at: now,
    updated_at: now,
    summary_json: next.summary_json,
  });
  return next;
}

export function parseStorefront(json: string | null): Storefront {
  return json ? (JSON.parse(json) as Storefront) : DEFAULT_STOREFRONT;
}

export async function uploadStoreImage(
  context: StoresContext,
  store: StoresTable,
  uploaderId: string,
  purpose: 'logo' | 'banner',
  bytes: Buffer,
) {
  return saveImage(context, { bytes, uploaderId, storeId: store.id, purpose });
}

export async function listMembers(context: StoresContext, storeId: string) {
  const members = await repo.listMembers(tables(context.db), storeId);
  const users = await findUsersByIds(
    context.db,
    members.map((member) => member.user_id),
  );
  return members.map((member) => {
    const user = users.find((candidate) => candidate.id === member.user_id);
    return {
      user_id: member.user_id,
      role: member.role,
      email: user?.email ?? '',
      display_name: user?.display_name ?? '',
      added_at: member.created_at,
    };
  });
}

export async function addStaff(context: StoresContext, storeId: string, email: string) {
  const user = await findUserByEmail(context.db, email);
  if (!user) throw new AppError('user_not_found', { param: 'email' });
  if (!(await repo.insertMember(tables(context.db), storeId, user.id, 'staff', context.clock.nowIso()))) {
    throw new AppError('already_member', { param: 'email' });
  }
  return { user_id: user.id, role: 'staff' as const, email: user.email, display_name: user.display_name, added_at: context.clock.nowIso() };
}

export async function removeStaff(context: StoresContext, storeId: string, userId: string): Promise<void> {
  if (!(await repo.deleteMember(tables(context.db), storeId, userId))) {
    throw new AppError('not_found', { param: 'user_id', message: 'No such staff member (the owner cannot be removed).' });
  }
}

export async function submitBrandDocument(context: StoresContext, store: StoresTable, uploaderId: string, bytes: Buffer, note: string) {
  if (store.type !== 'brand') throw new AppError('invalid_transition', { message: 'Only brand stores are verified.' });
  if (store.brand_status === 'verified') throw new AppError('invalid_transition', { message: 'This brand is already verified.' });
  const image = await saveImage(context, { bytes, uploaderId, storeId: store.id, purpose: 'brand_document' });
  const now = context.clock.nowIso();
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      await repo.insertBrandDocument(tx, { image_id: image.id, store_id: store.id, note: cleanLine(note), created_at: now });
      await repo.updateStore(tx, store.id, { brand_status: 'pending', updated_at: now });
    });
  return { id: image.id, note: cleanLine(note), created_at: now };
}

export function listBrandDocuments(context: StoresContext, storeId: string) {
  return repo.listBrandDocuments(tables(context.db), storeId);
}

export function storesAwaitingReview(context: StoresContext, afterId: string | undefined, limit: number) {
  return repo.storesAwaitingReview(tables(context.db), afterId, limit);
}

export async function reviewBrand(
  context: StoresContext,
  storeId: string,
  operatorId: string,
  decision: 'approve' | 'reject',
  note: string,
) {
  const store = await requireStore(context.db, storeId);
  if (store.brand_status !== 'pending')
    throw new AppError('invalid_transition', { message: 'This store has no brand documents awaiting review.' });
  const now = context.clock.nowIso();
  const next: StoresTable = {
    ...store,
    brand_status: decision === 'approve' ? 'verified' : 'rejected',
    brand_review_note: cleanLine(note) || null,
    brand_reviewed_by: operatorId,
    brand_reviewed_at: now,
    updated_at: now,
  };
  next.summary_json = await buildSummary(context.db, next);
  const { id: _id, ...changes } = next;
  await repo.updateStore(tables(context.db), store.id, changes);
  return next;
}

export async function follow(context: StoresContext, userId: string, storeId: string): Promise<void> {
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      if (await repo.insertFollow(tx, userId, storeId, context.clock.nowIso())) {
        await repo.shiftFollowerCount(tx, storeId, 1);
        await refreshSummary(tx, storeId);
      }
    });
}

export async function unfollow(context: StoresContext, userId: string, storeId: string): Promise<void> {
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      if (await repo.deleteFollow(tx, userId, storeId)) {
        await repo.shiftFollowerCount(tx, storeId, -1);
        await refreshSummary(tx, storeId);
      }
    });
}

export function isFollowing(db: Executor, userId: string, storeId: string) {
  return repo.isFollowing(tables(db), userId, storeId);
}

export function followedStores(db: Executor, userId: string, afterId: string | undefined, limit: number) {
  return repo.followedStores(tables(db), userId, afterId, limit);
}

export function storesByIds(db: Executor, ids: readonly string[]): Promise<StoresTable[]> {
  return repo.findStoresByIds(tables(db), [...new Set(ids)]);
}

export async function summaries(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await repo.findSummaries(tables(db), [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, row.summary_json]));
}

export const SHARE_SOURCES = ['qr', 'weibo', 'wechat', 'douyin', 'xiaohongshu', 'qq', 'email', 'link'] as const;

/** The source a visit is counted under: a known one, 'other' for anything else, 'direct' for none. */
export function normalizeSource(source: string | undefined): string {
  if (!source) return 'direct';
  const lower = source.toLowerCase();
  return (SHARE_SOURCES as readonly string[]).includes(lower) ? lower : 'other';
}

export async function recordVisit(context: StoresContext, storeId: string, target: string, source: string | undefined): Promise<void> {
  await repo.addVisit(tables(context.db), {
    store_id: storeId,
    target,
    source: normalizeSource(source),
    day: context.clock.nowIso().slice(0, 10),
  });
}

export async function visitStats(context: StoresContext, storeId: string, days: number) {
  const first = new Date(context.clock.now_ms() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return repo.visitsSince(tables(context.db), storeId, first);
}

export function listStores(context: StoresContext, filter: { type?: string | undefined; afterId?: string | undefined; limit: number }) {
  return repo.listStores(tables(context.db), filter);
}

export function storesOfMember(context: StoresContext, userId: string) {
  return repo.storesOfMember(tables(context.db), userId);
}
