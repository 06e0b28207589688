#!/usr/bin/env node
// Builds the server (TypeScript → dist/) and the web app (Vite → dist/web/).
// With --if-stale it builds only a part whose sources are newer than its last build, so
// `npm start` is quick when nothing changed and correct when something did.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const onlyIfStale = process.argv.includes('--if-stale');

function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const path of paths) visit(join(root, path));
  return newest;
}

function stampTime(stamp) {
  const path = join(root, 'dist', stamp);
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const parts = [
  {
    name: 'server',
    stamp: '.server-built',
    sources: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'],
    build: () => run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']),
  },
  {
    name: 'web',
    stamp: '.web-built',
    sources: ['web', 'package.json'],
    build: () =>
      run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']),
  },
];

for (const part of parts) {
  if (onlyIfStale && stampTime(part.stamp) >= newestMtime(part.sources)) continue;
  const started = Date.now();
  process.stderr.write(`building ${part.name}…\n`);
  part.build();
  writeFileSync(join(root, 'dist', part.stamp), new Date().toISOString());
  process.stderr.write(`built ${part.name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
