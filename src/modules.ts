import { mergeMigrations } from './kernel/db/migrate.js';
import { idempotencyMigrations } from './kernel/http/idempotency.js';
import { accountsMigrations } from './modules/accounts/index.js';
import { catalogMigrations } from './modules/catalog/index.js';
import { mediaMigrations } from './modules/media/index.js';
import { storesMigrations } from './modules/stores/index.js';

/** Every module's migrations, in one total order (see kernel/db/migrate.ts). */
export const allMigrations = mergeMigrations(
  idempotencyMigrations,
  accountsMigrations,
  mediaMigrations,
  storesMigrations,
  catalogMigrations,
);
