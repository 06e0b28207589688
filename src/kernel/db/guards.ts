import type { AppError } from '../errors.js';

/**
 * Guards that fail loudly. A rule such as "a balance never goes below zero" can be a
 * conditional update whose caller reads how many rows it changed, which costs a waited round
 * trip on PostgreSQL. Kept by the database instead (a CHECK constraint, or a NOT NULL column
 * that the statement sets to null when the rule would break), the same rule makes the
 * statement fail, so the statement can travel unanswered (blind, pg-client.ts) and its
 * failure surfaces at the next statement waited for, or at the commit.
 *
 * Each guard registers the error its failure means to the user; both drivers throw that
 * error instead of the database's (SQLite at the statement, PostgreSQL where the failure
 * surfaces), so callers and the HTTP layer see the same `AppError` on either database.
 */
const guards = new Map<string, () => AppError>();

/** A CHECK constraint's failure, by the constraint's name. */
export function checkGuard(constraint: string, toError: () => AppError): void {
  guards.set(`check ${constraint}`, toError);
}

/** A NOT NULL column's failure (`table.column`), for statements that set it to null to refuse. */
export function notNullGuard(table: string, column: string, toError: () => AppError): void {
  guards.set(`not null ${table}.${column}`, toError);
}

function guardOf(error: unknown): string | undefined {
  const failure = error as { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; message?: unknown };
  switch (failure.code) {
    case '23514':
      return `check ${String(failure.constraint)}`;
    case '23502':
      return `not null ${String(failure.table)}.${String(failure.column)}`;
    case 'SQLITE_CONSTRAINT_CHECK':
      return `check ${String(failure.message).replace(/^CHECK constraint failed: /, '')}`;
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return `not null ${String(failure.message).replace(/^NOT NULL constraint failed: /, '')}`;
    default:
      return undefined;
  }
}

/** The registered error a database failure stands for, or the failure itself. */
export function asGuardError(error: unknown): unknown {
  const guard = guardOf(error);
  const toError = guard === undefined ? undefined : guards.get(guard);
  return toError ? toError() : error;
}
