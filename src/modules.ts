import { mergeMigrations } from './kernel/db/migrate.js';
import { outboxMigration } from './kernel/events.js';
import { historyMigration } from './kernel/fsm.js';
import { idempotencyMigrations } from './kernel/http/idempotency.js';
import { jobsMigration } from './kernel/jobs.js';
import { accountsMigrations } from './modules/accounts/index.js';
import { aftersaleMigrations } from './modules/aftersale/index.js';
import { catalogMigrations, productChanges } from './modules/catalog/index.js';
import { ledgerMigrations } from './modules/ledger/index.js';
import { mediaMigrations } from './modules/media/index.js';
import { forgetStore, ordersMigrations } from './modules/orders/index.js';
import { paymentsMigrations } from './modules/payments/index.js';
import { indexProduct, indexStore, searchMigrations } from './modules/search/index.js';
import { storeChanges, storesMigrations } from './modules/stores/index.js';

/** Every module's migrations, in one total order (see kernel/db/migrate.ts). */
export const allMigrations = mergeMigrations(
  idempotencyMigrations,
  accountsMigrations,
  mediaMigrations,
  storesMigrations,
  catalogMigrations,
  searchMigrations,
  {
    '2026112409_kernel_jobs': jobsMigration,
    '2026112410_kernel_outbox': outboxMigration,
    '2026112411_kernel_process_history': historyMigration,
  },
  ledgerMigrations,
  ordersMigrations,
  paymentsMigrations,
  aftersaleMigrations,
);

// Read models other modules keep follow their sources inside the writer's transaction.
productChanges.listen(indexProduct);
storeChanges.listen(indexStore);
storeChanges.listen(forgetStore);
