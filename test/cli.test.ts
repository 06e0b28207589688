import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

/** The `jishi` command as a user runs it: the built package's bin, in a child process. */
const root = join(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'jishi-cli-'));
const baseEnv = { ...process.env, DATA_DIR: dataDir, PASSWORD_HASH_COST: '10', LOG_LEVEL: 'info', DATABASE_URL: '' };

function jishi(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(root, 'bin/jishi.js'), ...args], { env: { ...baseEnv, ...env }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `jishi serve` in a child process on a free port, its standard output collected. */
async function serveInChild(env: Record<string, string>) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin/jishi.js'), 'serve'], {
    env: { ...baseEnv, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited, url: `http://127.0.0.1:${port}` };
}

describe('jishi command', () => {
  it('lists its commands, and each explains itself with --help', () => {
    const help = jishi(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'admin create']) expect(help.stdout).toContain(command);
    const serveHelp = jishi(['serve', '--help']);
    expect(serveHelp.code).toBe(0);
    expect(serveHelp.stdout).toContain('DATABASE_URL');
    const adminHelp = jishi(['admin', 'create', '--help']);
    expect(adminHelp.stdout).toContain('--email');
    expect(jishi(['migrate', '--help']).stdout).toContain('Usage: jishi migrate');
  });

  it('refuses unknown commands and options', () => {
    expect(jishi(['frobnicate']).code).toBe(2);
    const badOption = jishi(['migrate', '--force']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("Unknown option '--force'");
  });

  it('stops at start with a message naming a bad variable', () => {
    const result = jishi(['migrate'], { PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT must be a whole number');
  });

  it('migrates once, then reports the database up to date', () => {
    const first = jishi(['migrate']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2026112401_accounts_initial');
    const second = jishi(['migrate']);
    expect(second.stdout).toContain('up to date');
  });

  it('rebuilds the search index with a progress bar', () => {
    const result = jishi(['search', 'reindex']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Indexed 0 products in/);
    expect(jishi(['search', 'reindex', '--help']).stdout).toContain('--fresh');
  });

  it('verifies the ledger, and exits 1 naming what is wrong when an entry does not balance', () => {
    expect(jishi(['migrate']).code).toBe(0);
    const clean = jishi(['ledger', 'verify']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('The ledger is sound');
    const database = new BetterSqlite3(join(dataDir, 'jishi.db'));
    try {
      const now = new Date().toISOString();
      database.prepare("insert into ledger_accounts values ('wallet:usr_x:CNY', 'buyer_wallet', 'usr_x', 'CNY', 0, 1, ?)").run(now);
      database
        .prepare("insert into ledger_entries (id, kind, reference_id, memo, created_at) values ('jrn_forged', 'forged', 'x', '', ?)")
        .run(now);
      database.prepare("insert into ledger_postings values ('jrn_forged', 0, 'wallet:usr_x:CNY', 'CNY', 500)").run();
    } finally {
      database.close();
    }
    const broken = jishi(['ledger', 'verify', '--json']);
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout);
    expect(report.ok).toBe(false);
    expect(report.problems.map((problem: { check: string }) => problem.check)).toEqual(
      expect.arrayContaining(['entries_balance', 'balances_match_postings']),
    );
  });

  it('creates an operator, and promotes an existing account', () => {
    const created = jishi(['admin', 'create', '--email', 'Ops@Example.com', '--password', 'operator phrase 1']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created operator ops@example.com');
    const again = jishi(['admin', 'create', '--email', 'ops@example.com', '--password', 'operator phrase 1']);
    expect(again.stdout).toContain('Promoted operator');
    const database = new BetterSqlite3(join(dataDir, 'jishi.db'), { readonly: true });
    const row = database.prepare('select role from users where email = ?').get('ops@example.com') as { role: string };
    database.close();
    expect(row.role).toBe('operator');
    expect(jishi(['admin', 'create', '--email', 'x@example.com']).code).toBe(2);
  });

  it('serves from several processes with WORKERS, and stops them all on SIGTERM', async () => {
    const { child, output, exited, url } = await serveInChild({ WORKERS: '2' });
    for (let attempt = 0; attempt < 400 && (output().match(/Jishi is serving/g) ?? []).length < 2; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((output().match(/Jishi is serving/g) ?? []).length).toBe(2);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => fetch(`${url}/api/v1/search?q=x`).then((response) => response.status)),
    );
    expect(answers).toEqual([200, 200, 200, 200, 200, 200]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect((output().match(/"msg":"stopped"/g) ?? []).length).toBe(2);
  });

  it('serves, and on SIGTERM finishes the request in flight before it exits', async () => {
    const { child, output, exited, url } = await serveInChild({ PASSWORD_HASH_COST: '16' });
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const ready = await fetch(`${url}/readyz`)
        .then((response) => response.ok)
        .catch(() => false);
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // A sign-up hashes its password with scrypt at a high cost: slow enough to be in flight.
    const inFlight = fetch(`${url}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'late@example.com', password: 'a long passphrase 1' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(201);
    expect(await exited).toBe(0);
    expect(output()).toContain('stopping');
    expect(output()).toContain('"msg":"stopped"');
  });
});
