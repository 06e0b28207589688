import { describe, it } from 'vitest';
import { TEST_DATABASE_URL } from './support/databases.js';
import { ledgerModelSuite } from './support/ledger-model.js';

// Buying and escrow against a model on PostgreSQL, when TEST_DATABASE_URL is set.
if (TEST_DATABASE_URL) ledgerModelSuite('postgres');
else describe.skip('buying and escrow against a model on postgres (TEST_DATABASE_URL is not set)', () => it('runs', () => {}));
