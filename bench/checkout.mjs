// npm run bench:checkout — buying end to end over HTTP: a buy-now checkout (one order of one
// unit) and its payment from the buyer's wallet, by 16 concurrent clients, on SQLite and on
// PostgreSQL, beside a direct-SQL baseline of the same writes (bench/checkout-baseline.mjs)
// in the same run, in alternating rounds. Goals: on SQLite ≥ 50 % of the baseline's units/s
// with p99 ≤ 50 ms (checkout + pay), on PostgreSQL ≥ 70 % of its baseline.
//
//   BENCH_DURATION_S      seconds per measured run (default 12)
//   BENCH_WARMUP_S        seconds of warm-up, each side (default 3)
//   BENCH_ROUNDS          alternating rounds real → baseline; figures are medians (default 3)
//   BENCH_CONCURRENCY     concurrent clients (default 16)
//   BENCH_BUYERS          buyers, each with an address and a topped-up wallet (default 64)
//   BENCH_STORES          stores (default 8), BENCH_PRODUCTS_PER_STORE (default 4, two SKUs each)
//   BENCH_PAYMENT         wallet (default) or card (the sandbox card 4242…; the baseline stays wallet)
//   BENCH_DIALECTS        sqlite,postgres (default both)
//   BENCH_PG_ADMIN_URL    PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
//                         the bench database jishi_bench_checkout is dropped and created
//   BENCH_CPU_PROF=1      the Jishi server runs with --cpu-prof (profiles in bench/results/profiles/)
//
// Arguments work too: `node bench/checkout.mjs --duration-s=5 --rounds=1 --dialects=sqlite`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { apiClient, checkoutAndPay, SANDBOX_CARD, setUpMarket } from './checkout-api.mjs';
import { BASELINE_SKIPS, postgresBaseline, sqliteBaseline } from './checkout-baseline.mjs';
import {
  childExit,
  cpuSeconds,
  emitResult,
  envNumber,
  freePort,
  jishiBin,
  log,
  machine,
  median,
  root,
  round,
  startChild,
  stopChild,
  waitFor200,
} from './lib.mjs';

for (const argument of process.argv.slice(2)) {
  const match = /^--([a-z-]+)=(.*)$/.exec(argument);
  if (!match) throw new Error(`unknown argument ${argument} (use --name=value, e.g. --duration-s=5)`);
  process.env[`BENCH_${match[1].replaceAll('-', '_').toUpperCase()}`] = match[2];
}

const settings = {
  duration_s: envNumber('BENCH_DURATION_S', 12),
  warmup_s: envNumber('BENCH_WARMUP_S', 3),
  rounds: envNumber('BENCH_ROUNDS', 3),
  concurrency: envNumber('BENCH_CONCURRENCY', 16),
  buyers: envNumber('BENCH_BUYERS', 64),
  stores: envNumber('BENCH_STORES', 8),
  products_per_store: envNumber('BENCH_PRODUCTS_PER_STORE', 4),
  payment: process.env.BENCH_PAYMENT === 'card' ? 'card' : 'wallet',
  dialects: (process.env.BENCH_DIALECTS || 'sqlite,postgres').split(','),
  cpu_prof: process.env.BENCH_CPU_PROF === '1',
  log_level: 'info (stdout to a file in the DATA_DIR, as bench/http.mjs)',
  password_hash_cost: 10,
};
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PG_DATABASE = 'jishi_bench_checkout';
const GOALS = { sqlite: { ratio: 0.5, p99_ms: 50 }, postgres: { ratio: 0.7 } };

function percentile(sorted, fraction) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

function latencyFigures(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50_ms: round(percentile(sorted, 0.5), 1), p99_ms: round(percentile(sorted, 0.99), 1) };
}

/**
 * CPU seconds of the PostgreSQL processes serving `database` (its backends) and of the
 * server's own background processes (WAL writer, checkpointer…), by pid: other databases'
 * backends (another test run, say) are left out, and a backend that exits takes nothing away.
 */
async function postgresCpu(client, database) {
  const { rows } = await client.query('select pid from pg_stat_activity where datname = $1 or datname is null', [database]);
  return new Map(rows.map((row) => [row.pid, cpuSeconds(row.pid)]).filter(([, seconds]) => Number.isFinite(seconds)));
}

function cpuSince(before, after) {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/**
 * `concurrency` clients, each looping over its own share of the buyers (no buyer has two
 * requests in flight) and a random SKU, until `duration_s` is up. `unit(buyer, sku, key)`
 * resolves { ok, … } or throws.
 */
async function drive(market, { duration_s, unit, tag, serverPid, postgres }) {
  const pair = [];
  const checkout = [];
  const pay = [];
  const failures = {};
  let units = 0;
  let sequence = 0;
  const cpuBefore = serverPid ? cpuSeconds(serverPid) : Number.NaN;
  const dbCpuBefore = postgres ? await postgresCpu(postgres.client, postgres.database) : undefined;
  const started = performance.now();
  const deadline = started + duration_s * 1000;
  const client = async (index) => {
    for (let turn = 0; performance.now() < deadline; turn += 1) {
      const buyers = market.buyers;
      const buyer = buyers[(index + turn * settings.concurrency) % buyers.length];
      const sku = market.skus[Math.floor(Math.random() * market.skus.length)];
      const began = performance.now();
      sequence += 1;
      let outcome;
      try {
        outcome = await unit(buyer, sku, `${tag}-${sequence}`);
      } catch (error) {
        outcome = { ok: false, step: 'error', status: error.message };
      }
      if (outcome.ok) {
        units += 1;
        pair.push(performance.now() - began);
        if (outcome.checkout_ms !== undefined) checkout.push(outcome.checkout_ms);
        if (outcome.pay_ms !== undefined) pay.push(outcome.pay_ms);
      } else {
        const label = `${outcome.step} ${outcome.status} ${outcome.body?.error?.code ?? ''}`.trim();
        failures[label] = (failures[label] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, (_, index) => client(index)));
  const wall_s = (performance.now() - started) / 1000;
  const figures = {
    units_per_s: round(units / wall_s, 1),
    units,
    ...latencyFigures(pair),
    failures: Object.values(failures).reduce((a, b) => a + b, 0),
  };
  if (checkout.length > 0) {
    const c = latencyFigures(checkout);
    const p = latencyFigures(pay);
    Object.assign(figures, {
      requests_per_s: round((2 * units) / wall_s, 1),
      checkout_p50_ms: c.p50_ms,
      checkout_p99_ms: c.p99_ms,
      pay_p50_ms: p.p50_ms,
      pay_p99_ms: p.p99_ms,
    });
  }
  if (serverPid) {
    const cpu = cpuSeconds(serverPid) - cpuBefore;
    figures.server_cpu_pct = round((cpu / wall_s) * 100, 0);
    figures.server_cpu_us_per_unit = units ? round((cpu * 1e6) / units, 0) : null;
  }
  if (postgres) {
    const cpu = cpuSince(dbCpuBefore, await postgresCpu(postgres.client, postgres.database));
    figures.postgres_cpu_pct = round((cpu / wall_s) * 100, 0);
    figures.postgres_cpu_us_per_unit = units ? round((cpu * 1e6) / units, 0) : null;
  }
  if (figures.failures > 0) figures.failure_kinds = failures;
  return figures;
}

/** Row counts of every table, to show what one unit leaves behind on each side. */
async function rowCounter(dialect, where) {
  if (dialect === 'sqlite') {
    const db = new BetterSqlite3(where, { readonly: true });
    const names = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%'")
      .all()
      .map((row) => row.name);
    return {
      count: async () => Object.fromEntries(names.map((name) => [name, db.prepare(`select count(*) as n from "${name}"`).get().n])),
      close: async () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: where });
  await client.connect();
  const names = (await client.query("select tablename from pg_tables where schemaname = 'public'")).rows.map((row) => row.tablename);
  return {
    client,
    count: async () => {
      const counts = {};
      for (const name of names) counts[name] = Number((await client.query(`select count(*) as n from "${name}"`)).rows[0].n);
      return counts;
    },
    close: () => client.end(),
  };
}

function rowsPerUnit(before, after, units) {
  const rows = {};
  for (const [name, count] of Object.entries(after)) {
    const delta = count - (before[name] ?? 0);
    if (delta !== 0) rows[name] = round(delta / units, 2);
  }
  return rows;
}

async function measureGrowth(counter, run) {
  const before = await counter.count();
  const figures = await run();
  const after = await counter.count();
  return { figures, rows_per_unit: figures.units > 0 ? rowsPerUnit(before, after, figures.units) : {} };
}

async function recreatePostgresDatabase() {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${PG_DATABASE} with (force)`);
    await admin.query(`create database ${PG_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${PG_DATABASE}`;
  return url.toString();
}

async function dropPostgresDatabase() {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${PG_DATABASE} with (force)`);
  } finally {
    await admin.end();
  }
}

function ledgerVerify(env) {
  const result = spawnSync(process.execPath, [jishiBin, 'ledger', 'verify', '--json'], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  let report = null;
  try {
    report = JSON.parse(result.stdout.trim().split('\n').at(-1));
  } catch {
    // reported below with the exit code
  }
  return { exit_code: result.status, ok: report?.ok ?? false, problems: report?.problems?.slice(0, 10) ?? result.stderr.slice(-500) };
}

/** SQLite's group-commit counters from /metrics (src/kernel/http/metrics.ts); undefined on PostgreSQL. */
async function commitCounts(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  const counts = { transactions: value('jishi_sqlite_transactions_committed'), commits: value('jishi_sqlite_commits') };
  return Number.isFinite(counts.transactions) && Number.isFinite(counts.commits) ? counts : undefined;
}

function realUnit(api) {
  if (settings.payment === 'wallet') return (buyer, sku, key) => checkoutAndPay(api, buyer, sku, key);
  return (buyer, sku, key) => checkoutAndPay(api, buyer, sku, key, { method: 'card', card: SANDBOX_CARD });
}

async function benchDialect(dialect) {
  const dataDir = mkdtempSync(join(tmpdir(), `jishi-bench-checkout-${dialect}-`));
  const databaseUrl = dialect === 'postgres' ? await recreatePostgresDatabase() : undefined;
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? '',
    LOG_LEVEL: 'info',
    PASSWORD_HASH_COST: String(settings.password_hash_cost),
  };
  const port = await freePort();
  const profileDir = join(root, 'bench', 'results', 'profiles', `checkout-${dialect}-${Date.now()}`);
  if (settings.cpu_prof) mkdirSync(profileDir, { recursive: true });
  const logFile = join(dataDir, 'serve.log');
  const handle = startChild([...(settings.cpu_prof ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), jishiBin, 'serve'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdoutFile: logFile,
  });
  const api = apiClient(`http://127.0.0.1:${port}`, { connections: settings.concurrency });
  let baseline;
  let counter;
  try {
    await waitFor200(`${api.base}/readyz`, { handle, timeout_ms: 60_000 });
    const setupStarted = performance.now();
    const market = await setUpMarket(api, {
      stores: settings.stores,
      productsPerStore: settings.products_per_store,
      buyers: settings.buyers,
      topUpMinor: 5_000_000,
    });
    const setup_s = round((performance.now() - setupStarted) / 1000, 1);
    log(`${dialect}: ${market.skus.length} SKUs in ${market.stores.length} stores, ${market.buyers.length} buyers, set up in ${setup_s} s`);
    baseline = dialect === 'sqlite' ? sqliteBaseline(join(dataDir, 'jishi.db')) : postgresBaseline(databaseUrl, settings.concurrency);
    counter = await rowCounter(dialect, dialect === 'sqlite' ? join(dataDir, 'jishi.db') : databaseUrl);
    const runId = Math.random().toString(36).slice(2, 8);
    const postgres = dialect === 'postgres' ? { client: counter.client, database: PG_DATABASE } : undefined;
    const real = (duration_s, tag) =>
      drive(market, { duration_s, unit: realUnit(api), tag: `${runId}-${tag}`, serverPid: handle.child.pid, postgres });
    const direct = (duration_s, tag) =>
      drive(market, {
        duration_s,
        tag: `${runId}-${tag}`,
        postgres,
        unit: async (buyer, sku, key) => {
          await baseline.unit(buyer, sku, key);
          return { ok: true };
        },
      });

    log(`${dialect}: warm-up ${settings.warmup_s} s each`);
    const warmReal = await measureGrowth(counter, () => real(settings.warmup_s, 'warm-real'));
    const warmBaseline = await measureGrowth(counter, () => direct(settings.warmup_s, 'warm-base'));
    const rounds = [];
    for (let index = 0; index < settings.rounds; index += 1) {
      const commitsBefore = await commitCounts(api.base);
      const figures = { real: await real(settings.duration_s, `real-${index}`) };
      const commitsAfter = await commitCounts(api.base);
      if (commitsBefore && commitsAfter) {
        figures.real.transactions_per_commit = round(
          (commitsAfter.transactions - commitsBefore.transactions) / Math.max(1, commitsAfter.commits - commitsBefore.commits),
          2,
        );
      }
      const exited = childExit(handle, logFile);
      if (exited) throw new Error(`${dialect}: the server exited during the run: ${JSON.stringify(exited)}`);
      figures.baseline = await direct(settings.duration_s, `base-${index}`);
      figures.ratio = round(figures.real.units_per_s / figures.baseline.units_per_s, 3);
      rounds.push(figures);
      log(
        `${dialect} round ${index + 1}/${settings.rounds}: real ${figures.real.units_per_s} units/s (p50 ${figures.real.p50_ms} ms, p99 ${figures.real.p99_ms} ms, ` +
          (figures.real.transactions_per_commit ? `${figures.real.transactions_per_commit} transactions per commit, ` : '') +
          `failures ${figures.real.failures}), baseline ${figures.baseline.units_per_s} units/s (failures ${figures.baseline.failures}), ratio ${figures.ratio}`,
      );
    }
    await stopChild(handle);
    await baseline.close();
    baseline = undefined;
    const verify = ledgerVerify(env);
    log(`${dialect}: jishi ledger verify exit ${verify.exit_code}, ok ${verify.ok}`);

    const pick = (side, key) => median(rounds.map((r) => r[side][key]));
    const realSummary = {
      units_per_s: round(pick('real', 'units_per_s'), 1),
      requests_per_s: round(pick('real', 'requests_per_s'), 1),
      p50_ms: pick('real', 'p50_ms'),
      p99_ms: pick('real', 'p99_ms'),
      checkout_p50_ms: pick('real', 'checkout_p50_ms'),
      checkout_p99_ms: pick('real', 'checkout_p99_ms'),
      pay_p50_ms: pick('real', 'pay_p50_ms'),
      pay_p99_ms: pick('real', 'pay_p99_ms'),
      server_cpu_pct: pick('real', 'server_cpu_pct'),
      server_cpu_us_per_unit: pick('real', 'server_cpu_us_per_unit'),
      ...(dialect === 'sqlite' ? { transactions_per_commit: pick('real', 'transactions_per_commit') } : {}),
      ...(dialect === 'postgres'
        ? { postgres_cpu_pct: pick('real', 'postgres_cpu_pct'), postgres_cpu_us_per_unit: pick('real', 'postgres_cpu_us_per_unit') }
        : {}),
      failures: rounds.reduce((sum, r) => sum + r.real.failures, 0),
    };
    const baselineSummary = {
      units_per_s: round(pick('baseline', 'units_per_s'), 1),
      p50_ms: pick('baseline', 'p50_ms'),
      p99_ms: pick('baseline', 'p99_ms'),
      ...(dialect === 'postgres'
        ? { postgres_cpu_pct: pick('baseline', 'postgres_cpu_pct'), postgres_cpu_us_per_unit: pick('baseline', 'postgres_cpu_us_per_unit') }
        : {}),
      failures: rounds.reduce((sum, r) => sum + r.baseline.failures, 0),
    };
    const ratio = round(realSummary.units_per_s / baselineSummary.units_per_s, 3);
    const goal = GOALS[dialect];
    return {
      real: realSummary,
      baseline: baselineSummary,
      ratio,
      ratio_median_of_rounds: median(rounds.map((r) => r.ratio)),
      goal,
      meets_goal: ratio >= goal.ratio && (goal.p99_ms === undefined || realSummary.p99_ms <= goal.p99_ms),
      ledger_verify: verify,
      rows_per_unit: { real: warmReal.rows_per_unit, baseline: warmBaseline.rows_per_unit },
      setup: { skus: market.skus.length, stores: market.stores.length, buyers: market.buyers.length, setup_s },
      ...(settings.cpu_prof ? { profile_dir: profileDir.replace(`${root}/`, '') } : {}),
      warmup: { real: warmReal.figures, baseline: warmBaseline.figures },
      rounds,
    };
  } finally {
    await baseline?.close().catch(() => {});
    await counter?.close().catch(() => {});
    api.close();
    await stopChild(handle);
    if (dialect === 'postgres') await dropPostgresDatabase().catch((error) => log(`drop failed: ${error.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('Jishi is not built: run `npm run build` (npm run bench:checkout does).');
  const info = machine();
  log(
    `${info.cpus} cpus, node ${info.node}; ${settings.rounds} rounds × ${settings.duration_s} s per side, concurrency ${settings.concurrency}, ` +
      `${settings.payment} payments, ${settings.dialects.join(' and ')}`,
  );
  const results = {};
  for (const dialect of settings.dialects) {
    if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`unknown dialect ${dialect}`);
    results[dialect] = await benchDialect(dialect);
  }
  const valid = Object.values(results).every(
    (result) => result.real.failures === 0 && result.baseline.failures === 0 && result.ledger_verify.exit_code === 0,
  );
  emitResult('checkout', {
    benchmark: 'checkout',
    valid,
    unit:
      'one buy-now checkout (one order of one unit, POST /api/v1/checkout) and its payment ' +
      `(POST /api/v1/payments, ${settings.payment}): two requests; latencies are of the pair`,
    ...results,
    goals: GOALS,
    baseline: {
      what: 'the same rows written straight to the database (bench/checkout-baseline.mjs), two transactions per unit, same concurrency',
      sqlite: 'better-sqlite3 in the bench process, the app’s pragmas, BEGIN IMMEDIATE (synchronous: one unit at a time)',
      postgres: `pg Pool of ${settings.concurrency} connections, named prepared statements (Jishi’s own pool is 10)`,
      skips: BASELINE_SKIPS,
    },
    settings,
    machine: info,
    finished_at: new Date().toISOString(),
  });
  if (!valid) process.exitCode = 1;
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
