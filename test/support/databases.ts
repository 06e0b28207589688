import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, type DialectName, openDatabase } from '../../src/kernel/db/database.js';
import { migrate } from '../../src/kernel/db/migrate.js';
import { allMigrations } from '../../src/modules.js';

/**
 * Every database test runs once per dialect: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set. Each run gets a fresh database: a new SQLite file in a temporary
 * directory, or a new PostgreSQL database created through the TEST_DATABASE_URL server.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const dialects: DialectName[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface FreshDatabase {
  database: Database;
  dataDir: string;
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `jishi_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

export async function freshDatabase(dialect: DialectName, options: { migrate?: boolean } = {}): Promise<FreshDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jishi-test-'));
  let databaseUrl: string | undefined;
  let drop = async () => {};
  if (dialect === 'postgres') {
    const created = await createPostgresDatabase();
    databaseUrl = created.url;
    drop = created.drop;
  }
  const database = openDatabase({ databaseUrl, dataDir, poolSize: 5 });
  if (options.migrate !== false) await migrate(database, allMigrations);
  return {
    database,
    dataDir,
    databaseUrl,
    async cleanup() {
      await database.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
