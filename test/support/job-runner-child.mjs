// A second server's job runner, in a process of its own (as node:cluster workers or separate
// machines would be), for the test that two runners never complete one job twice.
// Arguments: DATA_DIR, DATABASE_URL ('' for SQLite), the clock's time in ms, the kind to run.
import { openDatabase } from '../../dist/kernel/db/database.js';
import { JobRunner } from '../../dist/kernel/jobs.js';

const [dataDir, databaseUrl, time, kind] = process.argv.slice(2);
const now_ms = Number(time);
const clock = { now_ms: () => now_ms, now: () => new Date(now_ms), nowIso: () => new Date(now_ms).toISOString() };
const database = openDatabase({ databaseUrl: databaseUrl || undefined, dataDir, poolSize: 2 });
const runner = new JobRunner({ db: database.db, clock, batch: 3 });
runner.handle(kind, async (tx, payload) => {
  await tx
    .insertInto('effects')
    .values({ job: String(payload.n), runner: runner.owner })
    .execute();
});
const ran = await runner.runDue();
await database.close();
process.stdout.write(`${ran}\n`);
