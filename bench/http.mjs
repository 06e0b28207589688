// HTTP throughput: a bare Fastify hello-world against Jishi's GET /api/v1/me with a session
// cookie, under the same autocannon load, in alternating rounds. Prints one JSON object.
// See bench/README.md for the environment variables and how to read the result.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  emitResult,
  envNumber,
  freePort,
  httpRequest,
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

const GOAL_RATIO = 0.6;
const PASSWORD = 'a long passphrase 1';
const CLOCK_TICKS_PER_S = 100;

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

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return Number.NaN;
  }
}

function runLoad(target, duration_s) {
  const instance = autocannon({
    url: target.url,
    method: 'GET',
    headers: target.headers,
    connections: settings.connections,
    pipelining: settings.pipelining,
    duration: duration_s,
  });
  return instance;
}

async function measure(target, duration_s) {
  const serverCpuBefore = cpuSeconds(target.handle.child.pid);
  const ownCpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await runLoad(target, duration_s);
  const wall_s = (performance.now() - started) / 1000;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const serverCpu = cpuSeconds(target.handle.child.pid) - serverCpuBefore;
  const total = result['2xx'] + result.non2xx;
  return {
    req_per_s: round(total / result.duration, 1),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    status_codes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
    bytes_per_response: total > 0 ? Math.round(result.throughput.total / total) : null,
    server_cpu_pct: round((serverCpu / wall_s) * 100, 0),
    loadgen_cpu_pct: round(((ownCpu.user + ownCpu.system) / 1e6 / wall_s) * 100, 0),
  };
}

function summarize(runs) {
  const pick = (key) => runs.map((run) => run[key]);
  return {
    req_per_s: round(median(pick('req_per_s')), 1),
    p50_ms: median(pick('p50_ms')),
    p99_ms: median(pick('p99_ms')),
    server_cpu_pct: median(pick('server_cpu_pct')),
    non2xx: pick('non2xx').reduce((a, b) => a + b, 0),
    errors: pick('errors').reduce((a, b) => a + b, 0),
    requests: pick('requests').reduce((a, b) => a + b, 0),
  };
}

async function startHello() {
  const port = await freePort();
  const handle = startChild([join(root, 'bench', 'hello-server.mjs')], { env: { PORT: String(port), HOST: '127.0.0.1' } });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor200(url, { handle });
  return { name: 'hello', url, headers: {}, handle };
}

function sessionCookieFrom(setCookie) {
  for (const line of setCookie ?? []) {
    const match = /^jishi_session=([^;]+)/.exec(line);
    if (match) return `jishi_session=${match[1]}`;
  }
  throw new Error(`signup set no jishi_session cookie: ${JSON.stringify(setCookie)}`);
}

async function startJishi(name, { dataDir, databaseUrl: url }) {
  const port = await freePort();
  mkdirSync(dataDir, { recursive: true });
  const logFile = settings.jishi_log_to === 'file' ? join(dataDir, `${name}.log`) : '/dev/null';
  const args = [];
  if (settings.jishi_cpu_prof) args.push('--cpu-prof', `--cpu-prof-dir=${join(root, 'bench', 'results', 'profiles')}`);
  args.push(jishiBin, 'serve');
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: settings.jishi_log_level,
    DATABASE_URL: url ?? '',
  };
  const handle = startChild(args, { env, stdoutFile: logFile });
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}/readyz`, { handle });

  const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
  const signup = await httpRequest(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
    timeout_ms: 30_000,
  });
  if (signup.status !== 201) throw new Error(`${name}: signup answered ${signup.status}: ${signup.body}`);
  const cookie = sessionCookieFrom(signup.headers['set-cookie']);
  const me = await httpRequest(`${base}/api/v1/me`, { headers: { cookie } });
  const body = JSON.parse(me.body);
  if (me.status !== 200 || body.user?.email !== email) throw new Error(`${name}: GET /api/v1/me answered ${me.status}: ${me.body}`);
  log(`${name}: pid ${handle.child.pid} on ${base}, signed up ${email}; log → ${logFile}`);
  return { name, url: `${base}/api/v1/me`, headers: { cookie }, handle, logFile };
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
  const lines = readFileSync(target.logFile, 'utf8').split('\n').filter(Boolean).length;
  return { file_bytes: bytes, lines, lines_per_request: round(lines / Math.max(1, requestsServed), 3) };
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
    targets.push(await startJishi('me', { dataDir: join(dataDir, 'sqlite') }));
    if (databaseUrl) {
      pgDatabase = await createPostgresDatabase(databaseUrl);
      targets.push(await startJishi('me_pg', { dataDir: join(dataDir, 'pg'), databaseUrl: pgDatabase.url }));
    }

    const warmup = {};
    for (const target of targets) {
      log(`warm-up ${target.name} ${settings.warmup_s} s`);
      warmup[target.name] = await measure(target, settings.warmup_s);
    }

    const rounds = [];
    for (let index = 0; index < settings.rounds; index += 1) {
      const figures = {};
      for (const target of targets) {
        figures[target.name] = await measure(target, settings.duration_s);
        const f = figures[target.name];
        log(
          `round ${index + 1}/${settings.rounds} ${target.name.padEnd(6)} ${f.req_per_s} req/s  p50 ${f.p50_ms} ms  p99 ${f.p99_ms} ms  non-2xx ${f.non2xx}  server cpu ${f.server_cpu_pct}%`,
        );
      }
      figures.ratio = round(figures.me.req_per_s / figures.hello.req_per_s, 3);
      if (figures.me_pg) figures.ratio_pg = round(figures.me_pg.req_per_s / figures.hello.req_per_s, 3);
      rounds.push(figures);
    }

    const summary = {};
    for (const target of targets) summary[target.name] = summarize(rounds.map((r) => r[target.name]));
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
