import type { Executor } from '../../kernel/db/database.js';
import { readRows } from '../../kernel/db/prepared.js';
import { toFts5 } from './query.js';
import { type Dialect, hasMatch, hasRowConditions, rowConditions, VALUES_SELECTED } from './sql-dialect.js';
import { syncSqliteChanges } from './values.js';

/**
 * SQLite's text index reads matches fastest in ascending row id order (FTS5 walks a doclist
 * backwards by loading each page whole), so its row ids are the documents' row ids negated:
 * ascending is then best-selling first. Indexes built before keep `doc_rowid` itself and are
 * read descending until `reindex --fresh` rebuilds them: the FTS table is contentless, so
 * they cannot be rewritten in SQL. Every read and write asks the index which it is (the sign
 * of any one of its row ids, ~9 µs), so a rebuild by another process is followed at once.
 */
export type FtsSign = 1 | -1;
let newIndexSign: FtsSign = -1;

/** Tests build an index the old way (row ids not negated); answers the previous setting. */
export function setNewSqliteIndexSign(sign: FtsSign): FtsSign {
  const previous = newIndexSign;
  newIndexSign = sign;
  return previous;
}

export async function ftsSign(db: Executor): Promise<FtsSign> {
  const [row] = await readRows<{ r: number }>(db, 'SELECT rowid AS r FROM search_fts LIMIT 1', []);
  if (row === undefined) return newIndexSign;
  return row.r < 0 ? -1 : 1;
}

function sqliteDialect(sign: FtsSign): Dialect {
  // The document's row id as the index stores it, and the index's own order for best-selling first.
  const ftsRowid = sign === -1 ? '-search_fts.rowid' : 'search_fts.rowid';
  return {
    values: (ids) => `SELECT ${VALUES_SELECTED} FROM search_documents d WHERE d.doc_rowid IN (SELECT value FROM json_each(${ids}))`,
    idsValue: (ids) => JSON.stringify(ids),
    sync: syncSqliteChanges,
    window(query, limit, parameter) {
      // Placeholders are numbered by position here, so parameters are added in the order the text uses them.
      if (!hasMatch(query)) {
        const price = rowConditions(query, parameter);
        const before = query.before === undefined ? '' : ` AND d.doc_rowid < ${parameter(query.before)}`;
        return `SELECT d.doc_rowid AS r FROM search_documents d WHERE 1 = 1${price}${before} ORDER BY d.doc_rowid DESC LIMIT ${parameter(limit)}`;
      }
      const match = parameter(toFts5(query.clauses, query.filters));
      const price = rowConditions(query, parameter);
      const before =
        query.before === undefined
          ? ''
          : sign === -1
            ? ` AND search_fts.rowid > ${parameter(-query.before)}`
            : ` AND search_fts.rowid < ${parameter(query.before)}`;
      const join = hasRowConditions(query) ? ` JOIN search_documents d ON d.doc_rowid = ${ftsRowid}` : '';
      return (
        `SELECT ${ftsRowid} AS r FROM search_fts${join} WHERE search_fts MATCH ${match}` +
        `${price}${before} ORDER BY search_fts.rowid ${sign === -1 ? 'ASC' : 'DESC'} LIMIT ${parameter(limit)}`
      );
    },
  };
}

export const sqliteDialects: Record<FtsSign, Dialect> = { [-1]: sqliteDialect(-1), [1]: sqliteDialect(1) };
