// npm run bench:catalog — product page API reads (GET /api/v1/products/{id}, anonymous, a
// random product each request) at 1,000,000 products, beside a bare Fastify hello-world
// under the same load in the same run. Goal: ≥ 50 % of hello-world req/s, p99 ≤ 10 ms.
//
//   BENCH_PRODUCTS      catalog size (default 1000000)
//   BENCH_CATALOG_DIR   reuse (or keep) the built catalog in this folder instead of a temp one
//   BENCH_DURATION_S / BENCH_WARMUP_S / BENCH_ROUNDS / BENCH_CONNECTIONS  as in bench/http.mjs
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import BetterSqlite3 from 'better-sqlite3';
import { buildCatalog } from './catalog-load.mjs';
import {
  cpuSeconds,
  emitResult,
  envNumber,
  freePort,
  jishiBin,
  log,
  machine,
  median,
  round,
  startChild,
  startHelloServer,
  stopChild,
  waitFor200,
} from './lib.mjs';

const settings = {
  products: envNumber('BENCH_PRODUCTS', 1_000_000),
  duration_s: envNumber('BENCH_DURATION_S', 10),
  warmup_s: envNumber('BENCH_WARMUP_S', 3),
  rounds: envNumber('BENCH_ROUNDS', 3),
  connections: envNumber('BENCH_CONNECTIONS', 32),
};

async function load(target, duration_s) {
  const { default: autocannon } = await import('autocannon');
  const cpuBefore = cpuSeconds(target.handle.child.pid);
  const started = performance.now();
  const result = await autocannon({
    url: target.base,
    connections: settings.connections,
    pipelining: 1,
    duration: duration_s,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: target.nextPath() }) }],
  });
  const wall_s = (performance.now() - started) / 1000;
  const total = result['2xx'] + result.non2xx;
  return {
    req_per_s: round(total / result.duration, 1),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    requests: total,
    bytes_per_response: total ? Math.round(result.throughput.total / total) : null,
    cpu_us_per_req: total ? round(((cpuSeconds(target.handle.child.pid) - cpuBefore) * 1e6) / total, 1) : null,
    server_cpu_pct: round(((cpuSeconds(target.handle.child.pid) - cpuBefore) / wall_s) * 100, 0),
  };
}

function summarize(runs) {
  const pick = (key) => runs.map((run) => run[key]);
  return {
    req_per_s: round(median(pick('req_per_s')), 1),
    p50_ms: median(pick('p50_ms')),
    p99_ms: median(pick('p99_ms')),
    cpu_us_per_req: median(pick('cpu_us_per_req')),
    bytes_per_response: median(pick('bytes_per_response')),
    non2xx: pick('non2xx').reduce((a, b) => a + b, 0),
    errors: pick('errors').reduce((a, b) => a + b, 0),
    requests: pick('requests').reduce((a, b) => a + b, 0),
  };
}

async function main() {
  const keep = process.env.BENCH_CATALOG_DIR;
  const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'jishi-bench-catalog-'));
  let build = { build_s: null, reused: true };
  const database = join(dataDir, 'jishi.db');
  const count = () => {
    if (!existsSync(database)) return 0;
    const sqlite = new BetterSqlite3(database, { readonly: true });
    try {
      return sqlite.prepare('select count(*) as n from products').get().n;
    } catch {
      return 0;
    } finally {
      sqlite.close();
    }
  };
  if (count() !== settings.products) {
    rmSync(dataDir, { recursive: true, force: true });
    log(`building a catalog of ${settings.products} products in ${dataDir}…`);
    let shown = 0;
    build = await buildCatalog({
      dataDir,
      products: settings.products,
      onProgress: (done, total) => {
        if (done - shown >= total / 20 || done === total) {
          shown = done;
          log(`  ${done}/${total}`);
        }
      },
    });
  }
  const sqlite = new BetterSqlite3(database, { readonly: true });
  const ids = sqlite
    .prepare('select id from products order by random() limit 100000')
    .all()
    .map((row) => row.id);
  sqlite.close();
  const db_mb = round(statSync(database).size / 1_048_576, 0);
  // Measure a server in its steady state, not a cold disk: read the file once so the
  // operating system's page cache holds it, as it does on a machine that has been serving.
  const warm_started = performance.now();
  await pipeline(createReadStream(database), new Writable({ write: (_chunk, _encoding, next) => next() }));
  const page_cache_warm_s = round((performance.now() - warm_started) / 1000, 1);
  log(`read ${db_mb} MB into the page cache in ${page_cache_warm_s} s`);

  const hello = { name: 'hello', ...(await startHelloServer()), nextPath: () => '/' };
  const jishiPort = await freePort();
  const jishi = {
    name: 'product_page',
    handle: startChild([jishiBin, 'serve'], {
      env: { PORT: String(jishiPort), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', DATABASE_URL: '' },
      stdoutFile: join(dataDir, 'serve.log'),
    }),
  };
  jishi.base = `http://127.0.0.1:${jishiPort}`;
  let cursor = 0;
  jishi.nextPath = () => `/api/v1/products/${ids[cursor++ % ids.length]}`;
  try {
    await waitFor200(`${jishi.base}/readyz`, { handle: jishi.handle, timeout_ms: 60_000 });
    for (const target of [hello, jishi]) await load(target, settings.warmup_s);
    const runs = { hello: [], product_page: [] };
    for (let round_ = 0; round_ < settings.rounds; round_ += 1) {
      for (const target of [hello, jishi]) {
        const run = await load(target, settings.duration_s);
        log(`round ${round_ + 1} ${target.name}: ${run.req_per_s} req/s, p99 ${run.p99_ms} ms`);
        runs[target.name].push(run);
      }
    }
    const helloSummary = summarize(runs.hello);
    const page = summarize(runs.product_page);
    const valid = page.non2xx === 0 && page.errors === 0;
    emitResult('catalog', {
      benchmark: 'catalog',
      valid,
      catalog: {
        products: settings.products,
        db_mb,
        build_s: build.build_s === null ? null : round(build.build_s, 1),
        reused: build.build_s === null,
      },
      hello: helloSummary,
      product_page: page,
      ratio: round(page.req_per_s / helloSummary.req_per_s, 3),
      goals: { ratio: 0.5, p99_ms: 10 },
      settings,
      machine: machine(),
      runs,
    });
    if (!valid) process.exitCode = 1;
  } finally {
    await stopChild(hello.handle);
    await stopChild(jishi.handle);
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
