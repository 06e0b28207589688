// Microbenchmark of the session lookup that runs on every signed-in request, taken apart:
// Kysely building and compiling the query, executing it through Kysely and the SQLite
// dialect, the raw prepared statement, and the whole authenticateSession. Imports Jishi's
// code from dist/ (build first). Prints one JSON object of µs per call (median of batches).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitResult, envNumber, log, machine, median, round } from './lib.mjs';

const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const batches = envNumber('BENCH_BATCHES', 7);
const perBatch = envNumber('BENCH_PER_BATCH', 20_000);

async function time(name, fn) {
  for (let i = 0; i < 2_000; i += 1) await fn(); // warm up the JIT
  const samples = [];
  for (let batch = 0; batch < batches; batch += 1) {
    const started = performance.now();
    for (let i = 0; i < perBatch; i += 1) await fn();
    samples.push(((performance.now() - started) * 1000) / perBatch);
  }
  const us = round(median(samples), 2);
  log(`${name.padEnd(44)} ${us} µs`);
  return us;
}

/** The query of src/modules/accounts/repo.ts findSessionWithUser, as a builder (it returns a promise). */
function sessionQuery(db, tokenHash) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.locale',
      'users.created_at',
    ])
    .where('sessions.token_hash', '=', tokenHash);
}

async function main() {
  const { openDatabase } = await load('kernel/db/database.js');
  const { migrate } = await load('kernel/db/migrate.js');
  const { allMigrations } = await load('modules.js');
  const { systemClock } = await load('kernel/clock.js');
  const service = await load('modules/accounts/service.js');
  const repo = await load('modules/accounts/repo.js');

  const dataDir = mkdtempSync(join(tmpdir(), 'jishi-micro-'));
  const database = openDatabase({ dataDir });
  try {
    await migrate(database, allMigrations);
    const context = { db: database.db, clock: systemClock, passwordHashCost: 10, sessionTtl_ms: 3_600_000 };
    const user = await service.signUp(context, { email: 'micro@example.com', password: 'a long passphrase 1' });
    const { token } = await service.startSession(context, user);
    const tokenHash = service.hashToken(token);
    const compiled = sessionQuery(database.db, tokenHash).compile();
    // The same statement, prepared once, on a second connection to the same file.
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const raw = new BetterSqlite3(join(dataDir, 'jishi.db'));
    raw.pragma('journal_mode = WAL');
    const statement = raw.prepare(compiled.sql);
    const cookieHeader = `jishi_csrf=${randomBytes(24).toString('base64url')}; jishi_session=${token}`;
    // @fastify/cookie's parser, as the plugin decorates it (it loads 'cookie' on register).
    const { default: Fastify } = await import('fastify');
    const { default: fastifyCookie } = await import('@fastify/cookie');
    const app = Fastify();
    await app.register(fastifyCookie);
    await app.ready();

    const results = {
      parse_cookie_header: await time('@fastify/cookie parse of the Cookie header', () => app.parseCookie(cookieHeader)),
      sha256_token: await time('hashToken (sha256, base64url)', () => createHash('sha256').update(token).digest('base64url')),
      now_iso: await time('clock.nowIso()', () => systemClock.nowIso()),
      kysely_build_and_compile: await time('Kysely: build + compile the query', () => sessionQuery(database.db, tokenHash).compile()),
      raw_prepared_get: await time('better-sqlite3: prepared statement .get()', () => statement.get(compiled.parameters)),
      kysely_execute_compiled: await time('Kysely: executeQuery(precompiled)', () => database.db.executeQuery(compiled)),
      repo_find_session_with_user: await time('repo.findSessionWithUser, as the repo runs it', () =>
        repo.findSessionWithUser(database.db, tokenHash),
      ),
      authenticate_session: await time('service.authenticateSession (whole)', () => service.authenticateSession(context, token)),
    };
    raw.close();
    await app.close();
    emitResult('micro-auth', {
      benchmark: 'micro-auth',
      us_per_call: results,
      settings: { batches, per_batch: perBatch, database: 'sqlite (temp DATA_DIR)' },
      machine: machine(),
      finished_at: new Date().toISOString(),
    });
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
