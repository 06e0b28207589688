// Where a cold start's time goes: in fresh processes (module caches empty), time the steps
// `jishi serve` takes (see src/cli.ts): importing the database layer, the modules and the
// server, opening and migrating the database, buildApp, app.ready() and listen. Medians over
// BENCH_START_RUNS processes. It restates the serve sequence; keep it in step with src/cli.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitResult, envNumber, jishiBin, log, machine, median, root, round } from './lib.mjs';

async function child(dataDir) {
  const since = performance.now();
  const phases = {};
  let last = since;
  const mark = (name) => {
    const now = performance.now();
    phases[name] = round(now - last, 1);
    last = now;
  };
  const dist = (path) => import(join(root, 'dist', path));
  const { loadConfig } = await dist('kernel/config.js');
  const { openDatabase } = await dist('kernel/db/database.js');
  mark('import database layer (kysely, pg, better-sqlite3)');
  const { migrate } = await dist('kernel/db/migrate.js');
  const { allMigrations } = await dist('modules.js');
  mark('import modules (with typebox)');
  const { buildApp } = await dist('server.js');
  mark('import server (fastify and plugins)');
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const database = openDatabase({ dataDir: config.dataDir });
  await migrate(database, allMigrations);
  mark('open database and check migrations');
  const app = await buildApp({ config, database, logger: false });
  mark('buildApp');
  await app.ready();
  mark('app.ready (schemas compiled, plugins booted)');
  await app.listen({ port: 0, host: '127.0.0.1' });
  mark('listen');
  const result = {
    process_start_to_first_line_ms: round(since, 1),
    phases,
    total_after_first_line_ms: round(performance.now() - since, 1),
    rss_mb: round(process.memoryUsage().rss / 1048576, 1),
  };
  await app.close();
  await database.close();
  process.stdout.write(JSON.stringify(result));
}

async function main() {
  const runs = envNumber('BENCH_START_RUNS', 7);
  const dataDir = mkdtempSync(join(tmpdir(), 'jishi-phases-'));
  try {
    const migrated = spawnSync(process.execPath, [jishiBin, 'migrate'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    if (migrated.status !== 0) throw new Error(`jishi migrate failed: ${migrated.stderr}`);
    const samples = [];
    for (let index = 0; index < runs; index += 1) {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dataDir], { cwd: root, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`phase run failed: ${run.stderr}`);
      const sample = JSON.parse(run.stdout);
      samples.push(sample);
      log(
        `run ${index + 1}/${runs}: ${sample.total_after_first_line_ms} ms after ${sample.process_start_to_first_line_ms} ms of Node start`,
      );
    }
    const pick = (get) => round(median(samples.map(get)), 1);
    emitResult('start-phases', {
      benchmark: 'start-phases',
      node_start_ms: pick((sample) => sample.process_start_to_first_line_ms),
      phases_ms: Object.fromEntries(Object.keys(samples[0].phases).map((name) => [name, pick((sample) => sample.phases[name])])),
      total_ms: pick((sample) => sample.process_start_to_first_line_ms + sample.total_after_first_line_ms),
      rss_mb: pick((sample) => sample.rss_mb),
      settings: { runs, database: 'sqlite, migrated beforehand', logger: 'off' },
      machine: machine(),
      samples,
      finished_at: new Date().toISOString(),
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const task = process.argv[2] === '--child' ? child(process.argv[3]) : main();
task.catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
