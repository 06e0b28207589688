// Where a checkout + pay unit's cost goes on PostgreSQL: runs Jishi alone (no baseline) for a
// fixed number of units at concurrency 16 and prints, per unit, the CPU of the server process,
// of PostgreSQL's processes and of this load generator (from /proc), the machine's total, and —
// when the server has pg_stat_statements loaded (`shared_preload_libraries`, a restart) — each
// statement's calls and execution time per unit. `BENCH_BASELINE=1` drives the direct-SQL
// baseline (checkout-baseline.mjs) through the same market instead, for the same figures.
//
//   BENCH_UNITS (3000) · BENCH_PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_TOP (40 statements) · BENCH_CPU_PROF=1 (the server runs with --cpu-prof)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { apiClient, checkoutAndPay, setUpMarket } from './checkout-api.mjs';
import { postgresBaseline } from './checkout-baseline.mjs';
import {
  cpuSeconds,
  emitResult,
  envNumber,
  freePort,
  jishiBin,
  log,
  machine,
  root,
  round,
  startChild,
  stopChild,
  waitFor200,
} from './lib.mjs';

const settings = {
  units: envNumber('BENCH_UNITS', 3000),
  concurrency: 16,
  top: envNumber('BENCH_TOP', 40),
  baseline: process.env.BENCH_BASELINE === '1',
  cpu_prof: process.env.BENCH_CPU_PROF === '1',
};
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'jishi_bench_checkout_profile';

/** CPU seconds of every process named `name` (PostgreSQL's backends and its own processes). */
function cpuOfProcesses(name) {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== name) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** CPU seconds the whole machine has spent busy. */
function machineCpu() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) / 100;
}

async function main() {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${DATABASE} with (force)`);
  await admin.query(`create database ${DATABASE}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DATABASE}`;
  const databaseUrl = url.toString();
  const dataDir = mkdtempSync(join(tmpdir(), 'jishi-checkout-profile-'));
  const profileDir = join(root, 'bench', 'results', 'profiles', `checkout-profile-${Date.now()}`);
  if (settings.cpu_prof) mkdirSync(profileDir, { recursive: true });
  const port = await freePort();
  const handle = startChild([...(settings.cpu_prof ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), jishiBin, 'serve'], {
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'info',
      PASSWORD_HASH_COST: '10',
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdoutFile: join(dataDir, 'serve.log'),
  });
  const api = apiClient(`http://127.0.0.1:${port}`, { connections: settings.concurrency });
  const baseline = settings.baseline ? postgresBaseline(databaseUrl, settings.concurrency) : undefined;
  try {
    await waitFor200(`${api.base}/readyz`, { handle, timeout_ms: 60_000 });
    const market = await setUpMarket(api, { stores: 8, productsPerStore: 4, buyers: 64, topUpMinor: 5_000_000 });
    let sequence = 0;
    const unit = async (buyer, sku, key) => {
      if (!baseline) return checkoutAndPay(api, buyer, sku, key);
      await baseline.unit(buyer, sku, key);
      return { ok: true };
    };
    const drive = async (units, tag) => {
      const latencies = [];
      const failures = [];
      let started = 0;
      await Promise.all(
        Array.from({ length: settings.concurrency }, async (_, index) => {
          for (let turn = 0; started < units; turn += 1) {
            started += 1;
            sequence += 1;
            const buyer = market.buyers[(index + turn * settings.concurrency) % market.buyers.length];
            const sku = market.skus[Math.floor(Math.random() * market.skus.length)];
            const began = performance.now();
            const outcome = await unit(buyer, sku, `${tag}-${sequence}`);
            if (outcome.ok) latencies.push(performance.now() - began);
            else failures.push(outcome);
          }
        }),
      );
      return { latencies, failures };
    };
    await drive(300, 'warm');
    await admin.query('select pg_stat_statements_reset()').catch(() => {});
    const before = {
      server: cpuSeconds(handle.child.pid),
      postgres: cpuOfProcesses('postgres'),
      machine: machineCpu(),
      self: process.cpuUsage(),
    };
    const began = performance.now();
    const { latencies, failures } = await drive(settings.units, 'run');
    const wall_s = (performance.now() - began) / 1000;
    const self = process.cpuUsage(before.self);
    const units = latencies.length;
    const perUnit = (seconds) => round((seconds * 1e6) / units, 0);
    latencies.sort((a, b) => a - b);
    const figures = {
      units_per_s: round(units / wall_s, 1),
      p50_ms: round(latencies[Math.floor(units / 2)], 1),
      p99_ms: round(latencies[Math.floor(units * 0.99)], 1),
      failures: failures.length,
      cpu_us_per_unit: {
        server: perUnit(cpuSeconds(handle.child.pid) - before.server),
        postgres: perUnit(cpuOfProcesses('postgres') - before.postgres),
        load_generator: perUnit((self.user + self.system) / 1e6),
        machine: perUnit(machineCpu() - before.machine),
      },
      machine_busy_pct: round(((machineCpu() - before.machine) / wall_s) * 100, 0),
    };
    // The outbox, the sealer and the product sweep catch up before the statements are read.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { rows } = await admin
      .query(
        `select calls, total_exec_time, query from pg_stat_statements s join pg_database d on d.oid = s.dbid
         where d.datname = $1 order by calls desc`,
        [DATABASE],
      )
      .catch(() => ({ rows: [] }));
    const statements = rows.map((row) => ({
      per_unit: round(Number(row.calls) / units, 2),
      exec_us_per_unit: round((row.total_exec_time * 1000) / units, 0),
      sql: row.query.replace(/\s+/g, ' ').slice(0, 160),
    }));
    const result = {
      benchmark: 'checkout-profile',
      side: baseline ? 'baseline (checkout-baseline.mjs)' : 'jishi serve',
      ...figures,
      statements_per_unit: rows.length ? round(rows.reduce((sum, row) => sum + Number(row.calls), 0) / units, 1) : null,
      statements: rows.length ? statements.slice(0, settings.top) : 'pg_stat_statements is not loaded on this server',
      ...(settings.cpu_prof ? { profile_dir: profileDir.replace(`${root}/`, '') } : {}),
      settings,
      machine: machine(),
    };
    log(
      `${result.side}: ${figures.units_per_s} units/s, CPU per unit ${JSON.stringify(figures.cpu_us_per_unit)} µs, ${result.statements_per_unit ?? '?'} statements per unit`,
    );
    emitResult('checkout-profile', result);
  } finally {
    await baseline?.close();
    api.close();
    await stopChild(handle);
    await admin.query(`drop database if exists ${DATABASE} with (force)`).catch(() => {});
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
