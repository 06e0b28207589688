// Cold start and idle memory: spawn `node bin/jishi.js serve` on an already-migrated SQLite
// database, time spawn → first 200 from /readyz, then read its RSS after 2 s idle.
// Repeated BENCH_START_RUNS times; medians reported. Prints one JSON object.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  emitResult,
  envNumber,
  freePort,
  jishiBin,
  log,
  machine,
  median,
  readRss,
  root,
  round,
  sleep,
  startChild,
  stopChild,
  waitFor200,
} from './lib.mjs';

const GOALS = { cold_start_ms: 1500, idle_rss_mb: 150 };
const runs = envNumber('BENCH_START_RUNS', 7);
const idle_ms = envNumber('BENCH_IDLE_MS', 2000);
const poll_ms = 10;
const logLevel = process.env.BENCH_LOG_LEVEL || 'info';

let running; // the child being measured, for SIGINT
process.once('SIGINT', () => {
  stopChild(running).finally(() => process.exit(130));
});

/** One cold start of `args` (a node script and its arguments), ready when `path` answers 200. */
async function coldStart(args, path, env) {
  const port = await freePort();
  const since = performance.now();
  const handle = startChild(args, { env: { ...env, PORT: String(port), HOST: '127.0.0.1' } });
  running = handle;
  try {
    const ready_ms = await waitFor200(`http://127.0.0.1:${port}${path}`, { handle, since, interval_ms: poll_ms });
    const atReady = readRss(handle.child.pid);
    await sleep(idle_ms);
    const idle = readRss(handle.child.pid);
    return {
      ready_ms: round(ready_ms, 1),
      rss_at_ready_mb: round(atReady.rss_mb, 1),
      idle_rss_mb: round(idle.rss_mb, 1),
      hwm_mb: round(idle.hwm_mb, 1),
    };
  } finally {
    const status = await stopChild(handle);
    if (status.code !== 0 && status.signal !== 'SIGTERM') log(`pid ${handle.child.pid} exited with ${JSON.stringify(status)}`);
  }
}

function summarize(samples) {
  const pick = (key) => median(samples.map((sample) => sample[key]));
  return {
    ready_ms: round(pick('ready_ms'), 1),
    ready_ms_min: round(Math.min(...samples.map((sample) => sample.ready_ms)), 1),
    ready_ms_max: round(Math.max(...samples.map((sample) => sample.ready_ms)), 1),
    rss_at_ready_mb: round(pick('rss_at_ready_mb'), 1),
    idle_rss_mb: round(pick('idle_rss_mb'), 1),
    hwm_mb: round(pick('hwm_mb'), 1),
  };
}

async function main() {
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('Jishi is not built: run `npm run build` (npm run bench:start does).');
  const info = machine();
  const dataDir = mkdtempSync(join(tmpdir(), 'jishi-start-'));
  try {
    const env = { DATA_DIR: dataDir, LOG_LEVEL: logLevel, DATABASE_URL: '' };
    const migrated = spawnSync(process.execPath, [jishiBin, 'migrate'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
    if (migrated.status !== 0) throw new Error(`jishi migrate failed: ${migrated.stderr}${migrated.stdout}`);
    log(`migrated ${dataDir}: ${migrated.stdout.trim()}`);

    const jishi = [];
    const hello = [];
    // Alternate Jishi and the bare Fastify reference so machine noise hits both alike.
    for (let index = 0; index < runs; index += 1) {
      const sample = await coldStart([jishiBin, 'serve'], '/readyz', env);
      jishi.push(sample);
      log(`run ${index + 1}/${runs} jishi  ready ${sample.ready_ms} ms  idle rss ${sample.idle_rss_mb} MB`);
      const reference = await coldStart([join(root, 'bench', 'hello-server.mjs')], '/', {});
      hello.push(reference);
      log(`run ${index + 1}/${runs} hello  ready ${reference.ready_ms} ms  idle rss ${reference.idle_rss_mb} MB`);
    }

    const summary = summarize(jishi);
    // Each Jishi start minus the hello-world start right after it: what Jishi itself adds,
    // less sensitive than either figure to how busy the machine was at the time.
    const excess = jishi.map((sample, index) => sample.ready_ms - hello[index].ready_ms);
    const result = {
      benchmark: 'cold-start',
      cold_start_ms: summary.ready_ms,
      idle_rss_mb: summary.idle_rss_mb,
      goals: GOALS,
      meets_goals: {
        cold_start: summary.ready_ms <= GOALS.cold_start_ms,
        idle_rss: summary.idle_rss_mb <= GOALS.idle_rss_mb,
      },
      cold_start_minus_hello_ms: round(median(excess), 1),
      jishi: summary,
      reference_fastify_hello: summarize(hello),
      settings: {
        runs,
        poll_ms,
        idle_ms,
        log_level: logLevel,
        stdout: '/dev/null',
        database: 'sqlite, migrated beforehand with `jishi migrate`',
        entry: jishiBin.replace(`${root}/`, ''),
        measured: 'spawn() → first 200 from GET /readyz; RSS = VmRSS from /proc/<pid>/status',
      },
      machine: { ...info, loadavg_at_end: machine().loadavg_at_start },
      samples: { jishi, reference_fastify_hello: hello },
      finished_at: new Date().toISOString(),
    };
    emitResult('cold-start', result);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
