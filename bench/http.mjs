// HTTP throughput: a bare Fastify hello-world against Jishi's GET /api/v1/me with a session
// cookie, under the same autocannon load, in alternating rounds. Prints one JSON object.
// See bench/README.md for the environment variables and how to read the result.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  childExit,
  emitResult,
  envNumber,
  log,
  machine,
  measureLoad,
  median,
  root,
  round,
  startHelloServer,
  startJishi,
  stopChild,
  summarizeRuns,
} from './lib.mjs';

const GOAL_RATIO = 0.6;

const settings = {
  duration_s: envNumber('BENCH_DURATION_S', 10),
  warmup_s: envNumber('BENCH_WARMUP_S', 3),
  rounds: envNumber('BENCH_ROUNDS', 3),
  connections: envNumber('BENCH_CONNECTIONS', 32),
  pipelining: 1,
  jishi_log_level: process.env.BENCH_LOG_LEVEL || 'info',
  jishi_log_to: process.env.BENCH_JISHI_LOG === 'null' ? '/dev/null' : 'file',
  jishi_cpu_prof: process.env.BENCH_CPU_PROF === '1',
};
const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;

async function startHello() {
  const { handle, base } = await startHelloServer();
  return { name: 'hello', url: `${base}/`, headers: {}, handle };
}

function startJishiTarget(name, options) {
  return startJishi(name, {
    ...options,
    logLevel: settings.jishi_log_level,
    logTo: settings.jishi_log_to,
    nodeArgs: settings.jishi_cpu_prof ? ['--cpu-prof', `--cpu-prof-dir=${join(root, 'bench', 'results', 'profiles')}`] : [],
  });
}

async function createPostgresDatabase(adminUrl) {
  const name = `jishi_bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  log(`created PostgreSQL database ${name}`);
  return { name, url: url.toString() };
}

async function dropPostgresDatabase(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    log(`dropped PostgreSQL database ${name}`);
  } finally {
    await client.end();
  }
}

function logStats(target, requestsServed) {
  if (!target.logFile || target.logFile === '/dev/null' || !existsSync(target.logFile)) return undefined;
  const bytes = statSync(target.logFile).size;
  const lines = readFileSync(target.logFile, 'utf8').split('\n').filter(Boolean);
  // Anything but the per-request lines (start, stop, errors) is worth seeing.
  const other = lines.filter((line) => !line.includes('"msg":"request"')).slice(-20);
  return {
    file_bytes: bytes,
    lines: lines.length,
    lines_per_request: round(lines.length / Math.max(1, requestsServed), 3),
    other_lines: other,
  };
}

async function main() {
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('Jishi is not built: run `npm run build` (npm run bench:http does).');
  const info = machine();
  log(
    `${info.cpus} cpus, node ${info.node}; ${settings.rounds} rounds × ${settings.duration_s} s, ${settings.connections} connections, warm-up ${settings.warmup_s} s`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'jishi-bench-'));
  const targets = [];
  let pgDatabase;
  const cleanup = async () => {
    for (const target of targets) await stopChild(target.handle);
    if (pgDatabase) await dropPostgresDatabase(databaseUrl, pgDatabase.name).catch((error) => log(`drop failed: ${error.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup().finally(() => process.exit(130));
  });

  try {
    targets.push(await startHello());
    targets.push(await startJishiTarget('me', { dataDir: join(dataDir, 'sqlite') }));
    if (databaseUrl) {
      pgDatabase = await createPostgresDatabase(databaseUrl);
      targets.push(await startJishiTarget('me_pg', { dataDir: join(dataDir, 'pg'), databaseUrl: pgDatabase.url }));
    }

    const warmup = {};
    for (const target of targets) {
      log(`warm-up ${target.name} ${settings.warmup_s} s`);
      warmup[target.name] = await measureLoad(target, { duration_s: settings.warmup_s, connections: settings.connections });
    }

    const rounds = [];
    for (let index = 0; index < settings.rounds; index += 1) {
      const figures = {};
      for (const target of targets) {
        figures[target.name] = await measureLoad(target, { duration_s: settings.duration_s, connections: settings.connections });
        const f = figures[target.name];
        const exited = childExit(target.handle, target.logFile);
        if (exited) {
          f.server_exited = exited;
          log(`${target.name}: the server exited during the run: ${JSON.stringify(exited)}`);
        }
        log(
          `round ${index + 1}/${settings.rounds} ${target.name.padEnd(6)} ${f.req_per_s} req/s  p50 ${f.p50_ms} ms  p99 ${f.p99_ms} ms  non-2xx ${f.non2xx}  server cpu ${f.server_cpu_pct}% = ${f.cpu_us_per_req} µs/req`,
        );
      }
      figures.ratio = round(figures.me.req_per_s / figures.hello.req_per_s, 3);
      if (figures.me_pg) figures.ratio_pg = round(figures.me_pg.req_per_s / figures.hello.req_per_s, 3);
      rounds.push(figures);
    }

    const summary = {};
    for (const target of targets) summary[target.name] = summarizeRuns(rounds.map((r) => r[target.name]));
    const jishiTargets = targets.filter((target) => target.name !== 'hello');
    const bad = jishiTargets.reduce(
      (sum, target) => sum + summary[target.name].non2xx + summary[target.name].errors + warmup[target.name].non2xx,
      0,
    );
    const result = {
      benchmark: 'http',
      hello: summary.hello,
      me: summary.me,
      ...(summary.me_pg ? { me_pg: summary.me_pg } : {}),
      ratio: round(summary.me.req_per_s / summary.hello.req_per_s, 3),
      ratio_median_of_rounds: median(rounds.map((r) => r.ratio)),
      ...(summary.me_pg
        ? {
            ratio_pg: round(summary.me_pg.req_per_s / summary.hello.req_per_s, 3),
            ratio_pg_median_of_rounds: median(rounds.map((r) => r.ratio_pg)),
          }
        : {}),
      cpu_ratio: round(summary.hello.cpu_us_per_req / summary.me.cpu_us_per_req, 3),
      ...(summary.me_pg ? { cpu_ratio_pg: round(summary.hello.cpu_us_per_req / summary.me_pg.cpu_us_per_req, 3) } : {}),
      goal: GOAL_RATIO,
      meets_goal: summary.me.req_per_s / summary.hello.req_per_s >= GOAL_RATIO,
      valid: bad === 0,
      settings: {
        ...settings,
        jishi_log_to: settings.jishi_log_to === 'file' ? 'file (stdout redirected to a file in the temp DATA_DIR)' : '/dev/null',
        load_generator: 'autocannon 8, in the bench process',
        order: targets.map((target) => target.name).join(' → '),
        postgres: pgDatabase ? pgDatabase.url.replace(/\/\/[^@]*@/, '//…@') : null,
      },
      machine: info,
      jishi_log: Object.fromEntries(
        jishiTargets.map((target) => [
          target.name,
          logStats(target, summary[target.name].requests + warmup[target.name].requests) ?? settings.jishi_log_to,
        ]),
      ),
      warmup,
      rounds,
      finished_at: new Date().toISOString(),
    };
    emitResult('http', result);
    if (!result.valid) {
      log(`INVALID: ${bad} Jishi responses were not 2xx (or errored); see status_codes in rounds`);
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
