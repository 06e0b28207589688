import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * How Jishi talks to PostgreSQL over each pooled connection. A checkout is ~20 statements in
 * a transaction, and on this kind of machine every round trip costs both processes a wake-up
 * and a system call each way; most statements' answers are not needed before the next one is
 * sent. So each connection runs in pg's pipeline mode and:
 *
 * - runs its data statements as named prepared statements: PostgreSQL parses and plans one the
 *   first time this connection sends it and only binds it afterwards (the unnamed statements
 *   Kysely sends are parsed and planned every time). The name is a digest of the SQL text.
 * - inside a transaction, sends `begin` and the statements registered as blind (`blind`:
 *   inserts and counter updates whose answer nobody reads) without waiting for their answers.
 *   They go out at once, ahead of whatever the transaction sends next, and PostgreSQL runs
 *   them in order. A blind statement that fails aborts the transaction as any failure does:
 *   the next statement that is waited for, or the commit, throws that first error (not
 *   PostgreSQL's "current transaction is aborted"), and the caller rolls back as usual.
 * - writes everything sent in one turn of the event loop with one system call (the socket is
 *   corked until the turn's microtasks have run), so `begin` and the blind statements travel
 *   with the next statement that is waited for.
 */
const PREPARED_PER_CONNECTION = 400;
const DML = /^\s*(select|insert|update|delete|with)\b/i;

const blindTexts = new Set<string>();

/** Registers a statement text (as sent to PostgreSQL) whose answer no caller reads. */
export function blind(text: string): void {
  blindTexts.add(text);
}

/** What a blind statement answers at once; its real answer arrives later and is dropped. */
const SENT = Object.freeze({ command: 'INSERT', rowCount: 1, rows: [], fields: [] });
const DONE = Object.freeze({ command: 'BEGIN', rowCount: null, rows: [], fields: [] });

type QueryFunction = (...args: unknown[]) => Promise<unknown>;

interface Pipeline {
  inTransaction: boolean;
  /** Answers of the statements sent without waiting, in this transaction. */
  unanswered: Promise<unknown>[];
  /** The first error among them. */
  failure: unknown;
  corked: boolean;
}

export function configureClient(client: pg.PoolClient): void {
  const named = new Map<string, string>();
  const query = client.query.bind(client) as QueryFunction;
  const pipeline: Pipeline = { inTransaction: false, unanswered: [], failure: undefined, corked: false };
  const stream = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;

  const corkForThisTurn = () => {
    if (pipeline.corked) return;
    pipeline.corked = true;
    stream.cork();
    process.nextTick(() => {
      pipeline.corked = false;
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

  const sendBlind = (text: string, values: unknown[]) => {
    pipeline.unanswered.push(
      send(text, values).catch((error: unknown) => {
        pipeline.failure ??= error;
      }),
    );
  };

  const endTransaction = () => {
    pipeline.inTransaction = false;
    pipeline.unanswered = [];
    pipeline.failure = undefined;
  };

  const commit = async (text: string, values: unknown[]) => {
    try {
      await Promise.all(pipeline.unanswered);
      if (pipeline.failure !== undefined) throw pipeline.failure;
      return await send(text, values);
    } finally {
      // A failed commit is followed by the caller's rollback, which ends the transaction too.
      if (pipeline.failure === undefined) endTransaction();
    }
  };

  (client as unknown as { query: QueryFunction }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || args.length !== 2) return query(...args);
    if (text === 'begin') {
      pipeline.inTransaction = true;
      sendBlind(text, values);
      return Promise.resolve(DONE);
    }
    if (!pipeline.inTransaction) return send(text, values);
    if (blindTexts.has(text)) {
      sendBlind(text, values);
      return Promise.resolve(SENT);
    }
    if (text === 'commit') return commit(text, values);
    if (text === 'rollback') {
      endTransaction();
      return send(text, values);
    }
    return send(text, values).catch((error: unknown) => {
      throw pipeline.failure ?? error;
    });
  };
}
