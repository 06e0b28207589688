// Times search() in-process, query by query, on an existing data folder (no HTTP, no load
// generator): where a query's own time goes, to read beside bench:search. Prints JSON.
// Run with `node --cpu-prof bench/search-profile.mjs DATA_DIR` for a CPU profile.
//
//   node bench/search-profile.mjs /tmp/jishi-bench-search     (e.g. BENCH_SEARCH_DIR of bench:search)
//   node bench/search-profile.mjs postgres://postgres@127.0.0.1:5432/jishi_bench_search_1000000
import { join } from 'node:path';
import { median, root, round } from './lib.mjs';
import { QUERY_MIX } from './search-mix.mjs';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: node bench/search-profile.mjs DATA_DIR|DATABASE_URL');
  process.exit(2);
}
const { openDatabase } = await import(join(root, 'dist/kernel/db/database.js'));
await import(join(root, 'dist/modules.js'));
const { search } = await import(join(root, 'dist/modules/search/index.js'));
const database = openDatabase(/^postgres(ql)?:/.test(dataDir) ? { databaseUrl: dataDir } : { dataDir });
const queries = Object.entries(QUERY_MIX).flatMap(([label, paths]) =>
  paths.map((path) => {
    const params = Object.fromEntries(new URLSearchParams(path));
    for (const key of ['price_min', 'price_max']) if (params[key]) params[key] = Number(params[key]);
    if (params.in_stock) params.in_stock = params.in_stock === 'true';
    return { label, path, params: { limit: 20, ...params } };
  }),
);
const timings = [];
for (const query of queries) {
  for (let warm = 0; warm < 3; warm += 1) await search(database.db, query.params);
  const runs = [];
  for (let run = 0; run < 30; run += 1) {
    const started = performance.now();
    await search(database.db, query.params);
    runs.push(performance.now() - started);
  }
  timings.push({
    class: query.label,
    query: decodeURIComponent(query.path),
    median_ms: round(median(runs), 2),
    max_ms: round(Math.max(...runs), 2),
  });
}
await database.close();
console.log(
  JSON.stringify(
    { benchmark: 'search-profile', data_dir: dataDir, median_ms: round(median(timings.map((entry) => entry.median_ms)), 2), timings },
    null,
    2,
  ),
);
