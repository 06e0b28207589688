import type { Kysely } from 'kysely';
import { inList, listOf, preparedQuery } from '../../kernel/db/prepared.js';
import type { MemberRole, StoresTable, StoresTables } from './schema.js';

/** All SQL of the stores module. */
type Db = Kysely<StoresTables>;

export async function insertStore(db: Db, store: StoresTable): Promise<boolean> {
  const result = await db
    .insertInto('stores')
    .values(store)
    .onConflict((conflict) => conflict.column('handle').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findStoreById(db: Db, id: string) {
  return db.selectFrom('stores').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findStoreByHandle(db: Db, handle: string) {
  return db.selectFrom('stores').selectAll().where('handle', '=', handle).executeTakeFirst();
}

/** Built once (prepared.ts): every search page reads its stores' summaries. */
const summariesQuery = preparedQuery<[unknown], Pick<StoresTable, 'id' | 'summary_json'>>('stores.findSummaries', (db, ids) =>
  (db as Db)
    .selectFrom('stores')
    .select(['id', 'summary_json'])
    .where(inList(db, 'id', ids)),
);

export function findSummaries(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return summariesQuery(db, listOf(db, ids));
}

export async function updateStore(db: Db, id: string, changes: Partial<StoresTable>): Promise<void> {
  await db.updateTable('stores').set(changes).where('id', '=', id).execute();
}

export function listStores(db: Db, filter: { type?: string | undefined; afterId?: string | undefined; limit: number }) {
  let query = db.selectFrom('stores').selectAll();
  if (filter.type) query = query.where('type', '=', filter.type as StoresTable['type']);
  if (filter.afterId) query = query.where('id', '<', filter.afterId);
  return query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

export function storesOfMember(db: Db, userId: string) {
  return db
    .selectFrom('store_members')
    .innerJoin('stores', 'stores.id', 'store_members.store_id')
    .selectAll('stores')
    .select('store_members.role as member_role')
    .where('store_members.user_id', '=', userId)
    .orderBy('stores.id', 'desc')
    .limit(100)
    .execute();
}

export async function roleOf(db: Db, storeId: string, userId: string): Promise<MemberRole | undefined> {
  const row = await db
    .selectFrom('store_members')
    .select('role')
    .where('store_id', '=', storeId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

export async function insertMember(db: Db, storeId: string, userId: string, role: MemberRole, now: string): Promise<boolean> {
  const result = await db
    .insertInto('store_members')
    .values({ store_id: storeId, user_id: userId, role, created_at: now })
    .onConflict((conflict) => conflict.columns(['store_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function deleteMember(db: Db, storeId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('store_members')
    .where('store_id', '=', storeId)
    .where('user_id', '=', userId)
    .where('role', '=', 'staff')
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export function listMembers(db: Db, storeId: string) {
  return db.selectFrom('store_members').selectAll().where('store_id', '=', storeId).orderBy('created_at').execute();
}

export async function insertBrandDocument(db: Db, row: StoresTables['brand_documents']): Promise<void> {
  await db.insertInto('brand_documents').values(row).execute();
}

export function listBrandDocuments(db: Db, storeId: string) {
  return db.selectFrom('brand_documents').selectAll().where('store_id', '=', storeId).orderBy('created_at').execute();
}

export function storesAwaitingReview(db: Db, afterId: string | undefined, limit: number) {
  let query = db.selectFrom('stores').selectAll().where('brand_status', '=', 'pending');
  if (afterId) query = query.where('id', '>', afterId);
  return query
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

/** Adds a follow; true when it is new (so the count moves once however often it is asked). */
export async function insertFollow(db: Db, userId: string, storeId: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto('store_follows')
    .values({ user_id: userId, store_id: storeId, created_at: now })
    .onConflict((conflict) => conflict.columns(['user_id', 'store_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function deleteFollow(db: Db, userId: string, storeId: string): Promise<boolean> {
  const result = await db.deleteFrom('store_follows').where('user_id', '=', userId).where('store_id', '=', storeId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function isFollowing(db: Db, userId: string, storeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('store_follows')
    .select('store_id')
    .where('user_id', '=', userId)
    .where('store_id', '=', storeId)
    .executeTakeFirst();
  return row !== undefined;
}

export function followedStores(db: Db, userId: string, afterStoreId: string | undefined, limit: number) {
  let query = db
    .selectFrom('store_follows')
    .innerJoin('stores', 'stores.id', 'store_follows.store_id')
    .select(['stores.id', 'stores.summary_json'])
    .where('store_follows.user_id', '=', userId);
  if (afterStoreId) query = query.where('stores.id', '<', afterStoreId);
  return query
    .orderBy('stores.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function shiftFollowerCount(db: Db, storeId: string, delta: 1 | -1): Promise<void> {
  await db
    .updateTable('stores')
    .set((eb) => ({ follower_count: eb('follower_count', '+', delta) }))
    .where('id', '=', storeId)
    .execute();
}

export async function addVisit(db: Db, row: { store_id: string; target: string; source: string; day: string }): Promise<void> {
  await db
    .insertInto('share_visits')
    .values({ ...row, visits: 1 })
    .onConflict((conflict) =>
      conflict.columns(['store_id', 'day', 'target', 'source']).doUpdateSet((eb) => ({ visits: eb('share_visits.visits', '+', 1) })),
    )
    .execute();
}

export function visitsSince(db: Db, storeId: string, firstDay: string) {
  return db
    .selectFrom('share_visits')
    .select(['day', 'source', 'target', 'visits'])
    .where('store_id', '=', storeId)
    .where('day', '>=', firstDay)
    .orderBy('day')
    .orderBy('source')
    .execute();
}

const storeById = preparedQuery<[string], StoresTable>('stores.byId', (db, id) =>
  (db as Db).selectFrom('stores').selectAll().where('id', '=', id),
);

export function findStoresByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  // One store is the common case (a checkout from one shop), and is built once.
  if (ids.length === 1) return storeById(db, ids[0] as string);
  return db.selectFrom('stores').selectAll().where('id', 'in', ids).execute();
}
