#!/usr/bin/env node
// The `jishi` command runs the built server (dist/). `npm start` and `npm run build` make it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli.js');
if (!existsSync(entry)) {
  console.error('Jishi is not built yet: run `npm run build` (or `npm start`, which builds when needed).');
  process.exit(2);
}
const { main } = await import(entry);
const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
