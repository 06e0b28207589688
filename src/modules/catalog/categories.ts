import type { Kysely } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import { AppError } from '../../kernel/errors.js';
import * as repo from './repo.js';
import type { CatalogTables, CategoriesTable } from './schema.js';

function tables(db: Executor): Kysely<CatalogTables> {
  return db as Kysely<CatalogTables>;
}

// Categories are seed data fixed by migrations, identical on every instance, so one read per process is enough.
let categoryCache: Promise<CategoriesTable[]> | undefined;
export function categories(db: Executor): Promise<CategoriesTable[]> {
  categoryCache ??= repo.allCategories(tables(db)).catch((error) => {
    categoryCache = undefined;
    throw error;
  });
  return categoryCache;
}

export async function categoryPath(db: Executor, id: string): Promise<CategoriesTable[]> {
  const all = await categories(db);
  const path: CategoriesTable[] = [];
  for (let current = all.find((row) => row.id === id); current; current = all.find((row) => row.id === current?.parent_id)) {
    path.unshift(current);
  }
  return path;
}

export async function categoryWithDescendants(db: Executor, id: string): Promise<string[]> {
  const all = await categories(db);
  if (!all.some((row) => row.id === id)) throw new AppError('validation_failed', { param: 'category_id', message: 'No such category.' });
  const ids = [id];
  for (let index = 0; index < ids.length; index += 1) ids.push(...all.filter((row) => row.parent_id === ids[index]).map((row) => row.id));
  return ids;
}
