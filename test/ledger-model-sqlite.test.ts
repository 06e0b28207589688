import { ledgerModelSuite } from './support/ledger-model.js';

// Buying and escrow against a model on SQLite; LEDGER_MODEL_OPS sets the size (see the suite).
ledgerModelSuite('sqlite');
