#!/usr/bin/env node
// `npm test`: builds what is stale, makes sure the browser is there, runs every Vitest
// suite (unit, API on SQLite and on PostgreSQL when TEST_DATABASE_URL is set, browser),
// and ends with one plain summary line: "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args, options = {}) => spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });

const build = run(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale']);
if (build.status !== 0) process.exit(build.status ?? 1);

if (!existsSync('/usr/bin/chromium')) {
  const installer = run('bash', [join(root, 'scripts/install-system-deps.sh')]);
  if (installer.status !== 0) {
    console.error('The browser tests need Debian’s chromium: apt-get install -y chromium fonts-wqy-microhei');
    process.exit(1);
  }
}

if (!process.env.TEST_DATABASE_URL) {
  console.warn('TEST_DATABASE_URL is not set: database tests run on SQLite only.');
}

const reportFile = join(mkdtempSync(join(tmpdir(), 'jishi-vitest-')), 'report.json');
const vitest = run(process.execPath, [
  join(root, 'node_modules/vitest/vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reportFile}`,
  ...process.argv.slice(2),
]);

if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`\ntests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
process.exit(vitest.status ?? 1);
