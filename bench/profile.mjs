// Where does Jishi's time go under GET /api/v1/me load? Runs the server with --cpu-prof,
// loads it with autocannon (as bench/http.mjs does), stops it, and summarizes the profile's
// last BENCH_DURATION_S seconds (the load, not the start) by package and by function.
// Prints one JSON object; the raw .cpuprofile stays in bench/results/profiles/ for
// Chrome DevTools or speedscope.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  emitResult,
  envNumber,
  freePort,
  jishiBin,
  log,
  machine,
  root,
  round,
  startChild,
  startJishi,
  stopChild,
  waitFor200,
} from './lib.mjs';

const settings = {
  duration_s: envNumber('BENCH_DURATION_S', 10),
  warmup_s: envNumber('BENCH_WARMUP_S', 3),
  connections: envNumber('BENCH_CONNECTIONS', 32),
  log_level: process.env.BENCH_LOG_LEVEL || 'info',
  log_to: process.env.BENCH_JISHI_LOG === 'null' ? '/dev/null' : 'file',
  database: process.env.BENCH_DATABASE_URL ? 'postgres (BENCH_DATABASE_URL, the given database)' : 'sqlite',
  top: envNumber('BENCH_PROFILE_TOP', 25),
};

/** Which package or part of the program a profile node belongs to. */
function bucketOf(callFrame) {
  const { url, functionName } = callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  const dist = /\/dist\/(.+)$/.exec(url);
  if (dist) return `jishi:${dist[1].replace(/\.js$/, '')}`;
  return url.replace(/^file:\/\//, '').replace(root, '.');
}

function functionKey(callFrame) {
  const where = callFrame.url ? `${bucketOf(callFrame)}:${callFrame.lineNumber + 1}` : bucketOf(callFrame);
  return `${callFrame.functionName || '(anonymous)'} ${where}`;
}

function summarizeProfile(profile, window_us) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const end = profile.endTime;
  let time = profile.startTime;
  const self = new Map();
  const bucketSelf = new Map();
  const inclusive = new Map();
  const bucketInclusive = new Map();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index];
    if (time < end - window_us) return;
    const delta = profile.timeDeltas[index + 1] ?? 0;
    const node = byId.get(id);
    if (node.callFrame.functionName === '(idle)') {
      idle += delta;
      return;
    }
    total += delta;
    const key = functionKey(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + delta);
    const bucket = bucketOf(node.callFrame);
    bucketSelf.set(bucket, (bucketSelf.get(bucket) ?? 0) + delta);
    const seenKeys = new Set();
    const seenBuckets = new Set();
    for (let cursor = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const frame = byId.get(cursor).callFrame;
      if (frame.functionName === '(root)') break;
      seenKeys.add(functionKey(frame));
      seenBuckets.add(bucketOf(frame));
    }
    for (const seen of seenKeys) inclusive.set(seen, (inclusive.get(seen) ?? 0) + delta);
    for (const seen of seenBuckets) bucketInclusive.set(seen, (bucketInclusive.get(seen) ?? 0) + delta);
  });
  const pct = (value) => round((value / total) * 100, 1);
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, value]) => ({ name, pct: pct(value) }));
  return {
    busy_ms: round(total / 1000, 0),
    idle_ms: round(idle / 1000, 0),
    self_by_package: top(bucketSelf, settings.top),
    inclusive_by_package: top(bucketInclusive, settings.top),
    self_by_function: top(self, settings.top),
    inclusive_by_function: top(inclusive, settings.top * 2),
  };
}

/** BENCH_PROFILE=start: the profile of one start, spawn → first 200 from /readyz (migrated first). */
async function profileStart() {
  const profileDir = join(root, 'bench', 'results', 'profiles', `start-${Date.now()}`);
  mkdirSync(profileDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'jishi-profile-'));
  try {
    const env = { DATA_DIR: dataDir, LOG_LEVEL: settings.log_level, DATABASE_URL: '' };
    const migrated = spawnSync(process.execPath, [jishiBin, 'migrate'], { cwd: root, env: { ...process.env, ...env } });
    if (migrated.status !== 0) throw new Error(`jishi migrate failed: ${migrated.stderr}`);
    const port = await freePort();
    const since = performance.now();
    const handle = startChild(['--cpu-prof', `--cpu-prof-dir=${profileDir}`, jishiBin, 'serve'], {
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    });
    const ready_ms = await waitFor200(`http://127.0.0.1:${port}/readyz`, { handle, since });
    await stopChild(handle);
    const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no .cpuprofile in ${profileDir}`);
    const profilePath = join(profileDir, file);
    emitResult('profile-start', {
      benchmark: 'profile-start',
      target: 'jishi serve, spawn → first 200 from /readyz (with --cpu-prof, which slows it a little)',
      ready_ms: round(ready_ms, 1),
      profile: profilePath.replace(`${root}/`, ''),
      ...summarizeProfile(JSON.parse(readFileSync(profilePath, 'utf8')), Number.POSITIVE_INFINITY),
      settings: { log_level: settings.log_level, top: settings.top },
      machine: machine(),
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  if (process.env.BENCH_PROFILE === 'start') return profileStart();
  const profileDir = join(root, 'bench', 'results', 'profiles', `me-${Date.now()}`);
  mkdirSync(profileDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'jishi-profile-'));
  let target;
  try {
    target = await startJishi('me', {
      dataDir,
      databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
      logLevel: settings.log_level,
      logTo: settings.log_to,
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
    });
    const load = (duration) =>
      autocannon({ url: target.url, headers: target.headers, connections: settings.connections, pipelining: 1, duration });
    log(`warm-up ${settings.warmup_s} s`);
    await load(settings.warmup_s);
    log(`profiling ${settings.duration_s} s`);
    const result = await load(settings.duration_s);
    const total = result['2xx'] + result.non2xx;
    log(`${round(total / result.duration, 1)} req/s, non-2xx ${result.non2xx}; stopping the server to write the profile`);
    await stopChild(target.handle);
    target = undefined;

    const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no .cpuprofile in ${profileDir}: did the server exit cleanly?`);
    const profilePath = join(profileDir, file);
    const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
    emitResult('profile', {
      benchmark: 'profile',
      target: 'GET /api/v1/me with a session cookie',
      req_per_s: round(total / result.duration, 1),
      non2xx: result.non2xx,
      profile: profilePath.replace(`${root}/`, ''),
      profile_mb: round(statSync(profilePath).size / 1024 / 1024, 1),
      ...summarizeProfile(profile, settings.duration_s * 1e6),
      settings,
      machine: machine(),
    });
  } finally {
    if (target) await stopChild(target.handle);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
