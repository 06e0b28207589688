import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';
import type { Database } from './database.js';

/**
 * Each module keeps its own migrations; the composition root hands them all to `migrate`.
 * Names start with a sortable date-and-sequence stamp (`2026112401_accounts_initial`) so the
 * order across modules is total and a later module's tables can reference an earlier one's.
 */
export type Migrations = Record<string, Migration>;

const NAME_PATTERN = /^\d{10}_[a-z0-9_]+$/;

class ListProvider implements MigrationProvider {
  constructor(private readonly migrations: Migrations) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

export function mergeMigrations(...groups: Migrations[]): Migrations {
  const merged: Migrations = {};
  for (const group of groups) {
    for (const [name, migration] of Object.entries(group)) {
      if (!NAME_PATTERN.test(name)) throw new Error(`migration name "${name}" must look like 2026112401_module_what`);
      if (merged[name]) throw new Error(`migration "${name}" is defined twice`);
      merged[name] = migration;
    }
  }
  return merged;
}

export async function migrate(database: Database, migrations: Migrations): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: new ListProvider(migrations) });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((entry) => entry.status === 'Error');
    const where = failed ? ` in ${failed.migrationName}` : '';
    throw new Error(`migration failed${where}: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).map((entry) => entry.migrationName);
}
