import { createHash } from 'node:crypto';
import type pg from 'pg';
import { asGuardError } from './guards.js';

/**
 * How Jishi talks to PostgreSQL over each pooled connection. A checkout is ~20 statements in
 * a transaction; on this kind of machine every statement costs PostgreSQL a protocol exchange
 * and both processes a wake-up, and most statements' answers are not needed before the next
 * one is sent. So each connection runs in pg's pipeline mode and:
 *
 * - runs its data statements as named prepared statements: PostgreSQL parses and plans one the
 *   first time this connection sends it and only binds it afterwards (the unnamed statements
 *   Kysely sends are parsed and planned every time). The name is a digest of the SQL text.
 * - inside a transaction, holds back the statements registered as blind (`blind`: inserts and
 *   counter updates whose answer nobody reads) and sends them, just before the next statement
 *   the transaction waits for (or its commit), as one statement: each a data-modifying `with`
 *   of it. Every sub-statement of such a `with` sees the same snapshot and not the others'
 *   changes, so a batch never holds two statements that touch one table (write it, or read
 *   it in an `insert … select`): the second one sends the batch first. Foreign keys are
 *   checked at the end of the statement, as they would be after the separate ones. The
 *   statement waited for sees them all.
 * - sends `begin` without waiting for its answer, and `commit` right behind the last held batch.
 * - writes everything sent in one turn of the event loop with one system call (the socket is
 *   corked until the turn's microtasks have run).
 *
 * A blind statement that fails aborts the transaction as any failure does: the next statement
 * waited for, or the commit, throws that first error (not PostgreSQL's "current transaction
 * is aborted"), or the user's error a guard registered for it (guards.ts), and the caller
 * rolls back as usual.
 */
const PREPARED_PER_CONNECTION = 400;
const DML = /^\s*(select|insert|update|delete|with)\b/i;
/** The table a blind statement writes: `insert into "t"`, `update "t"`, `delete from "t"`. */
const WRITTEN_TABLE = /^\s*(?:insert\s+into|update|delete\s+from)\s+"([^"]+)"/i;
/** Beyond this many parameters a batch is sent (PostgreSQL takes at most 65,535). */
const BATCH_PARAMETERS = 20_000;

/** Blind statement texts, with the tables each touches (the one it writes, those it reads). */
const blindTexts = new Map<string, readonly string[]>();

/**
 * Registers a statement text (as sent to PostgreSQL) whose answer no caller reads, with the
 * tables it reads besides the one it writes (an `insert … select`).
 */
export function blind(text: string, reads: readonly string[] = []): void {
  const written = WRITTEN_TABLE.exec(text)?.[1];
  if (written === undefined) throw new Error(`a blind statement must write one table: ${text}`);
  blindTexts.set(text, [written, ...reads]);
}

/** A statement's answer, with a guard's failure turned into the user's error it registered (guards.ts). */
function guarded<T>(answer: Promise<T>): Promise<T> {
  return answer.catch((error: unknown) => Promise.reject(asGuardError(error)));
}

/** What a blind statement answers at once; its real answer arrives later and is dropped. */
const SENT = Object.freeze({ command: 'INSERT', rowCount: 1, rows: [], fields: [] });
const DONE = Object.freeze({ command: 'BEGIN', rowCount: null, rows: [], fields: [] });

type QueryFunction = (...args: unknown[]) => Promise<unknown>;

interface HeldStatement {
  text: string;
  values: unknown[];
  tables: readonly string[];
}

/** One statement doing what `statements` do, each a data-modifying `with` of it. */
export function batchOf(statements: readonly HeldStatement[]): { text: string; values: unknown[] } {
  if (statements.length === 1) return statements[0] as HeldStatement;
  let offset = 0;
  const parts: string[] = [];
  const values: unknown[] = [];
  statements.forEach((statement, index) => {
    const shift = offset;
    parts.push(`"b${index}" as (${statement.text.replace(/\$(\d+)/g, (_, number: string) => `$${Number(number) + shift}`)})`);
    values.push(...statement.values);
    offset += statement.values.length;
  });
  return { text: `with ${parts.join(', ')} select 1`, values };
}

class Pipeline {
  inTransaction = false;
  held: HeldStatement[] = [];
  heldParameters = 0;
  /** Answers of the statements sent without waiting, in this transaction. */
  unanswered: Promise<unknown>[] = [];
  /** The first error among them. */
  failure: unknown;

  end(): void {
    this.inTransaction = false;
    this.held = [];
    this.heldParameters = 0;
    this.unanswered = [];
    this.failure = undefined;
  }
}

export function configureClient(client: pg.PoolClient): void {
  const named = new Map<string, string>();
  const query = client.query.bind(client) as QueryFunction;
  const pipeline = new Pipeline();
  const stream = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
  let corked = false;

  const corkForThisTurn = () => {
    if (corked) return;
    corked = true;
    stream.cork();
    process.nextTick(() => {
      corked = false;
      stream.uncork();
    });
  };

  const send = (text: string, values: unknown[]): Promise<unknown> => {
    corkForThisTurn();
    if (!DML.test(text)) return query(text, values);
    let name = named.get(text);
    if (!name) {
      if (named.size >= PREPARED_PER_CONNECTION) return query(text, values);
      name = `j${createHash('sha1').update(text).digest('base64url')}`;
      named.set(text, name);
    }
    return query({ name, text, values });
  };

  const sendUnanswered = (text: string, values: unknown[]) => {
    pipeline.unanswered.push(
      send(text, values).catch((error: unknown) => {
        pipeline.failure ??= error;
      }),
    );
  };

  const sendHeld = () => {
    if (pipeline.held.length === 0) return;
    const { text, values } = batchOf(pipeline.held);
    pipeline.held = [];
    pipeline.heldParameters = 0;
    sendUnanswered(text, values);
  };

  const hold = (text: string, values: unknown[], tables: readonly string[]) => {
    const overlaps = pipeline.held.some((statement) => statement.tables.some((table) => tables.includes(table)));
    if (overlaps || pipeline.heldParameters + values.length > BATCH_PARAMETERS) sendHeld();
    pipeline.held.push({ text, values, tables });
    pipeline.heldParameters += values.length;
  };

  // The held batch and the commit travel together: one exchange. When a held statement failed,
  // PostgreSQL answers the commit of the aborted transaction with "ROLLBACK" (not an error),
  // and the statement's own error is thrown instead.
  const commit = async (text: string, values: unknown[]) => {
    sendHeld();
    const committed = guarded(send(text, values));
    committed.catch(() => {});
    try {
      await Promise.all(pipeline.unanswered);
      const answer = (await committed) as { command?: string };
      if (pipeline.failure !== undefined) throw asGuardError(pipeline.failure);
      if (answer.command === 'ROLLBACK') throw new Error('the transaction was rolled back at commit');
      return answer;
    } finally {
      // A failed commit is followed by the caller's rollback, which ends the transaction too.
      if (pipeline.failure === undefined) pipeline.end();
    }
  };

  (client as unknown as { query: QueryFunction }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || args.length !== 2) return query(...args);
    if (text === 'begin') {
      pipeline.inTransaction = true;
      sendUnanswered(text, values);
      return Promise.resolve(DONE);
    }
    if (!pipeline.inTransaction) return guarded(send(text, values));
    const tables = blindTexts.get(text);
    if (tables !== undefined) {
      hold(text, values, tables);
      return Promise.resolve(SENT);
    }
    if (text === 'commit') return commit(text, values);
    if (text === 'rollback') {
      pipeline.end();
      return send(text, values);
    }
    sendHeld();
    return send(text, values).catch((error: unknown) => {
      throw asGuardError(pipeline.failure ?? error);
    });
  };
}
