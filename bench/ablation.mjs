// Where does GET /api/v1/me's time go, measured rather than sampled? Runs the bare
// hello-world, hello-worlds that each add one of Jishi's per-request pieces (see
// hello-server.mjs), and Jishi itself with LOG_LEVEL info and warn, all under the same load
// in alternating rounds. The figure to read is cpu_us_per_req: the server CPU one request
// costs, and extra_cpu_us_per_req: that minus the bare hello-world's.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  childExit,
  emitResult,
  envNumber,
  freePort,
  httpRequest,
  log,
  machine,
  measureLoad,
  root,
  round,
  sleep,
  startChild,
  startJishi,
  stopChild,
  summarizeRuns,
} from './lib.mjs';

const settings = {
  duration_s: envNumber('BENCH_DURATION_S', 5),
  warmup_s: envNumber('BENCH_WARMUP_S', 2),
  rounds: envNumber('BENCH_ROUNDS', 3),
  connections: envNumber('BENCH_CONNECTIONS', 32),
};

const VARIANTS = {
  hello: { features: '', describe: 'bare Fastify hello-world (as bench/http.mjs)' },
  'hello+log': { features: 'log', describe: 'logger at info to a file + the onResponse "request" line' },
  'hello+log-buffered': { features: 'log-buffered', describe: 'as hello+log, through a buffered async pino destination' },
  'hello+headers': { features: 'headers', describe: 'ULID request id, x-request-id and the security headers' },
  'hello+metrics': { features: 'metrics', describe: 'prom-client counter and histogram in onResponse' },
  'hello+auth': { features: 'auth', describe: '@fastify/cookie + registerAuthentication (session lookup, Kysely on SQLite)' },
  'hello+metrics-hook': { features: 'metrics-hook', describe: 'only the onResponse counter and histogram of registerMetrics' },
  'hello+metrics-default': { features: 'metrics-default', describe: 'only prom-client collectDefaultMetrics' },
  'hello+cookie': { features: 'cookie', describe: '@fastify/cookie only; the session cookie is sent but not looked up' },
  'hello+auth-precompiled': {
    features: 'auth-precompiled',
    describe: 'session lookup with the query compiled once, run via Kysely executeQuery',
  },
  'hello+auth-raw': { features: 'auth-raw', describe: 'session lookup with a prepared better-sqlite3 statement, sync hook' },
  'hello+all': { features: 'log,headers,metrics,auth', describe: 'all four of the above' },
  'jishi-me': { jishi: { logLevel: 'info', path: '/api/v1/me', cookie: true }, describe: 'Jishi GET /api/v1/me, LOG_LEVEL=info' },
  'jishi-me-warn': { jishi: { logLevel: 'warn', path: '/api/v1/me', cookie: true }, describe: 'Jishi GET /api/v1/me, LOG_LEVEL=warn' },
  'jishi-healthz': {
    jishi: { logLevel: 'info', path: '/healthz', cookie: false },
    describe: 'Jishi GET /healthz, no cookie, LOG_LEVEL=info',
  },
};
const chosen = (process.env.BENCH_TARGETS || Object.keys(VARIANTS).join(',')).split(',').filter(Boolean);
for (const name of chosen) if (!VARIANTS[name]) throw new Error(`unknown target "${name}"; known: ${Object.keys(VARIANTS).join(', ')}`);

async function startVariant(name, dataDir) {
  const variant = VARIANTS[name];
  const dir = join(dataDir, name);
  mkdirSync(dir, { recursive: true });
  if (variant.jishi) {
    const target = await startJishi(name, { dataDir: dir, logLevel: variant.jishi.logLevel, logTo: 'file' });
    const url = new URL(variant.jishi.path, target.url).href;
    return { ...target, url, headers: variant.jishi.cookie ? target.headers : {} };
  }
  const port = await freePort();
  const cookieFile = join(dir, 'cookie');
  const logFile = join(dir, 'stdout.log');
  const handle = startChild([join(root, 'bench', 'hello-server.mjs')], {
    env: { PORT: String(port), HOST: '127.0.0.1', HELLO_FEATURES: variant.features, DATA_DIR: dir, COOKIE_FILE: cookieFile },
    stdoutFile: logFile,
  });
  const url = `http://127.0.0.1:${port}/`;
  const headers = {};
  // For auth the cookie file is written before the server listens, so it exists by now.
  await waitForListening(url, handle);
  if (/auth|cookie/.test(variant.features)) headers.cookie = readFileSync(cookieFile, 'utf8');
  log(`${name}: pid ${handle.child.pid} on ${url}`);
  return { name, url, headers, handle, logFile };
}

/** Any HTTP answer (a 401 included) means the server is up. */
async function waitForListening(url, handle) {
  const since = performance.now();
  for (;;) {
    if (handle.child.exitCode !== null) throw new Error(`server exited: ${handle.stderr()}`);
    try {
      await httpRequest(url, { timeout_ms: 1_000 });
      return;
    } catch {
      if (performance.now() - since > 30_000) throw new Error(`${url} did not answer within 30 s`);
      await sleep(20);
    }
  }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'jishi-ablation-'));
  const targets = [];
  process.once('SIGINT', () => {
    Promise.all(targets.map((target) => stopChild(target.handle))).finally(() => process.exit(130));
  });
  try {
    for (const name of chosen) targets.push(await startVariant(name, dataDir));
    for (const target of targets) {
      log(`warm-up ${target.name} ${settings.warmup_s} s`);
      const warm = await measureLoad(target, { duration_s: settings.warmup_s, connections: settings.connections });
      if (warm.non2xx > 0) throw new Error(`${target.name} answered ${JSON.stringify(warm.status_codes)} during warm-up`);
    }
    const rounds = [];
    for (let index = 0; index < settings.rounds; index += 1) {
      const figures = {};
      for (const target of targets) {
        const f = await measureLoad(target, { duration_s: settings.duration_s, connections: settings.connections });
        figures[target.name] = f;
        const exited = childExit(target.handle, target.logFile);
        if (exited) {
          f.server_exited = exited;
          log(`${target.name}: the server exited during the run: ${JSON.stringify(exited)}`);
        }
        log(
          `round ${index + 1}/${settings.rounds} ${target.name.padEnd(14)} ${String(f.req_per_s).padStart(8)} req/s  ${String(f.cpu_us_per_req).padStart(6)} µs/req  cpu ${f.server_cpu_pct}%  non-2xx ${f.non2xx}`,
        );
      }
      rounds.push(figures);
    }
    const summary = {};
    for (const target of targets) summary[target.name] = summarizeRuns(rounds.map((r) => r[target.name]));
    const base = summary.hello;
    const table = Object.fromEntries(
      targets.map(({ name }) => [
        name,
        {
          describe: VARIANTS[name].describe,
          req_per_s: summary[name].req_per_s,
          cpu_us_per_req: summary[name].cpu_us_per_req,
          extra_cpu_us_per_req: base ? round(summary[name].cpu_us_per_req - base.cpu_us_per_req, 1) : null,
          req_per_s_vs_hello: base ? round(summary[name].req_per_s / base.req_per_s, 3) : null,
          p99_ms: summary[name].p99_ms,
          non2xx: summary[name].non2xx,
        },
      ]),
    );
    emitResult('ablation', {
      benchmark: 'ablation',
      targets: table,
      valid: Object.values(summary).every((s) => s.non2xx === 0 && s.errors === 0),
      settings,
      machine: machine(),
      rounds,
      finished_at: new Date().toISOString(),
    });
  } finally {
    for (const target of targets) await stopChild(target.handle);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
