/**
 * The stores module's public API. It owns stores (opened free by any signed-in user), their
 * team (owner and staff), the storefront (draft → published), brand verification by an
 * operator, follows, share QR codes and visit counts by source.
 */
import { up } from './migrations/2026112403_stores_initial.js';
import { up as upShipsTo } from './migrations/2026112406_stores_ships_to.js';

export { imageBody, presentStore, sendQr, storesHttp, storeUrl } from './http.js';
export type { MemberRole, Storefront, StoresTable, StoreType } from './schema.js';
export type { StoreSummary, StoresContext } from './service.js';
export {
  findStore,
  follow,
  isCountry,
  openStore,
  parseStorefront,
  publishStorefront,
  recordVisit,
  requireStore,
  requireStoreRole,
  reviewBrand,
  roleOf,
  saveStorefrontDraft,
  storeChanges,
  storesByIds,
  storesOfMember,
  submitBrandDocument,
  summaries,
  uploadStoreImage,
} from './service.js';

export const storesMigrations = { '2026112403_stores_initial': { up }, '2026112406_stores_ships_to': { up: upShipsTo } };
