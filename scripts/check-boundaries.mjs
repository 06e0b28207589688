#!/usr/bin/env node
// Fails when a module reaches past another module's index.ts (DESIGN §2): a module imports
// kernel/ and other modules' index.ts only, never their repo, schema, service or tables.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.argv[2] ? resolve(process.argv[2]) : join(dirname(fileURLToPath(import.meta.url)), '..');
const modulesDir = join(root, 'src', 'modules');
const IMPORT_PATTERN = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function files(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(entry) ? [path] : [];
  });
}

/** The module a path belongs to, or undefined outside src/modules. */
function moduleOf(path) {
  const rest = relative(modulesDir, path);
  if (rest.startsWith('..')) return undefined;
  return rest.split(sep)[0];
}

const violations = [];
for (const file of files(join(root, 'src'))) {
  const source = readFileSync(file, 'utf8');
  const fromModule = moduleOf(file);
  for (const match of source.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1] ?? match[2];
    if (!specifier?.startsWith('.')) continue;
    const target = resolve(dirname(file), specifier);
    const toModule = moduleOf(target);
    if (!toModule || toModule === fromModule) continue;
    const inside = relative(join(modulesDir, toModule), target);
    if (inside !== 'index.js' && inside !== 'index.ts' && inside !== 'index') {
      violations.push(`${relative(root, file)} imports ${specifier} (only ${toModule}/index.ts may be imported)`);
    }
  }
}

if (violations.length > 0) {
  console.error(`Module boundary violations:\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('module boundaries: ok');
