import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', 'scripts', 'check-boundaries.mjs');
let tree: string;

function project(files: Record<string, string>): string {
  tree = mkdtempSync(join(tmpdir(), 'jishi-boundaries-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(tree, path, '..'), { recursive: true });
    writeFileSync(join(tree, path), content);
  }
  return tree;
}

const check = (root: string) => spawnSync(process.execPath, [script, root], { encoding: 'utf8' });

afterEach(() => rmSync(tree, { recursive: true, force: true }));

describe('module boundary check', () => {
  it('accepts imports of kernel files and of another module’s index', () => {
    const root = project({
      'src/kernel/ids.ts': 'export const x = 1;',
      'src/modules/stores/index.ts': 'export const y = 1;',
      'src/modules/orders/service.ts':
        "import { x } from '../../kernel/ids.js';\nimport { y } from '../stores/index.js';\nimport { z } from './repo.js';",
    });
    expect(check(root).status).toBe(0);
  });

  it('fails on an import of another module’s repo, and names it', () => {
    const root = project({
      'src/modules/stores/repo.ts': 'export const y = 1;',
      'src/modules/orders/service.ts': "import { y } from '../stores/repo.js';",
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('src/modules/orders/service.ts imports ../stores/repo.js');
  });

  it('also catches flows and dynamic imports reaching inside a module', () => {
    const root = project({
      'src/modules/payments/schema.ts': 'export type T = 1;',
      'src/flows/checkout.ts': "const m = await import('../modules/payments/schema.js');",
    });
    expect(check(root).status).toBe(1);
  });
});
