import type { Category } from '../api/types.js';

export function categoryName(category: { name_zh: string; name_en: string }, locale: string): string {
  return locale.startsWith('zh') ? category.name_zh : category.name_en;
}

export interface CategoryTree {
  roots: Category[];
  childrenOf: (id: string) => Category[];
  byId: (id: string) => Category | undefined;
}

export function categoryTree(categories: readonly Category[]): CategoryTree {
  const byPosition = (a: Category, b: Category) => a.position - b.position;
  const children = new Map<string, Category[]>();
  for (const category of categories) {
    if (category.parent_id) children.set(category.parent_id, [...(children.get(category.parent_id) ?? []), category]);
  }
  for (const list of children.values()) list.sort(byPosition);
  const index = new Map(categories.map((category) => [category.id, category]));
  return {
    roots: categories.filter((category) => !category.parent_id).sort(byPosition),
    childrenOf: (id) => children.get(id) ?? [],
    byId: (id) => index.get(id),
  };
}
