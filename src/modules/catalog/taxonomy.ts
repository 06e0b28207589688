/**
 * The default category taxonomy, in Chinese and English, seeded by the catalog's first
 * migration. Ids are `cat_<slug>` so category pages have readable addresses.
 */
export interface TaxonomyEntry {
  slug: string;
  zh: string;
  en: string;
  children?: TaxonomyEntry[];
}

export const DEFAULT_TAXONOMY: TaxonomyEntry[] = [
  {
    slug: 'clothing',
    zh: '服饰',
    en: 'Clothing',
    children: [
      { slug: 'womens-clothing', zh: '女装', en: "Women's clothing" },
      { slug: 'mens-clothing', zh: '男装', en: "Men's clothing" },
      { slug: 'kids-clothing', zh: '童装', en: "Kids' clothing" },
      { slug: 'underwear', zh: '内衣', en: 'Underwear' },
    ],
  },
  {
    slug: 'shoes-bags',
    zh: '鞋包',
    en: 'Shoes & bags',
    children: [
      { slug: 'womens-shoes', zh: '女鞋', en: "Women's shoes" },
      { slug: 'mens-shoes', zh: '男鞋', en: "Men's shoes" },
      { slug: 'handbags', zh: '手提包', en: 'Handbags' },
      { slug: 'backpacks', zh: '背包', en: 'Backpacks' },
    ],
  },
  {
    slug: 'accessories',
    zh: '配饰',
    en: 'Accessories',
    children: [
      { slug: 'jewellery', zh: '首饰', en: 'Jewellery' },
      { slug: 'watches', zh: '手表', en: 'Watches' },
      { slug: 'hair-accessories', zh: '发饰', en: 'Hair accessories' },
      { slug: 'scarves', zh: '围巾', en: 'Scarves' },
    ],
  },
  {
    slug: 'electronics',
    zh: '手机数码',
    en: 'Phones & electronics',
    children: [
      { slug: 'mobile-phones', zh: '手机', en: 'Mobile phones' },
      { slug: 'phone-cases', zh: '手机壳', en: 'Phone cases' },
      { slug: 'headphones', zh: '耳机', en: 'Headphones' },
      { slug: 'chargers', zh: '充电器与数据线', en: 'Chargers & cables' },
    ],
  },
  {
    slug: 'home',
    zh: '家居',
    en: 'Home',
    children: [
      { slug: 'kitchenware', zh: '厨具', en: 'Kitchenware' },
      { slug: 'bedding', zh: '床上用品', en: 'Bedding' },
      { slug: 'storage', zh: '收纳', en: 'Storage' },
      { slug: 'home-decor', zh: '家饰', en: 'Home decor' },
    ],
  },
  {
    slug: 'beauty',
    zh: '美妆',
    en: 'Beauty',
    children: [
      { slug: 'skincare', zh: '护肤', en: 'Skincare' },
      { slug: 'makeup', zh: '彩妆', en: 'Makeup' },
      { slug: 'fragrance', zh: '香水', en: 'Fragrance' },
    ],
  },
  {
    slug: 'food',
    zh: '食品',
    en: 'Food',
    children: [
      { slug: 'tea', zh: '茶叶', en: 'Tea' },
      { slug: 'snacks', zh: '零食', en: 'Snacks' },
      { slug: 'fresh-produce', zh: '生鲜', en: 'Fresh produce' },
      { slug: 'local-specialties', zh: '地方特产', en: 'Local specialties' },
    ],
  },
  {
    slug: 'sports',
    zh: '运动户外',
    en: 'Sports & outdoors',
    children: [
      { slug: 'sportswear', zh: '运动服', en: 'Sportswear' },
      { slug: 'outdoor-gear', zh: '户外装备', en: 'Outdoor gear' },
      { slug: 'fitness', zh: '健身器材', en: 'Fitness' },
    ],
  },
  {
    slug: 'baby',
    zh: '母婴',
    en: 'Mother & baby',
    children: [
      { slug: 'toys', zh: '玩具', en: 'Toys' },
      { slug: 'baby-care', zh: '婴儿用品', en: 'Baby care' },
    ],
  },
  {
    slug: 'crafts',
    zh: '手工艺品',
    en: 'Crafts & stationery',
    children: [
      { slug: 'handicrafts', zh: '手工艺', en: 'Handicrafts' },
      { slug: 'stationery', zh: '文具', en: 'Stationery' },
    ],
  },
  {
    slug: 'industrial',
    zh: '工业品',
    en: 'Industrial supplies',
    children: [
      { slug: 'packaging', zh: '包装材料', en: 'Packaging' },
      { slug: 'raw-materials', zh: '原材料', en: 'Raw materials' },
      { slug: 'equipment', zh: '设备', en: 'Equipment' },
    ],
  },
];

export interface CategoryRow {
  id: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  position: number;
}

export function flattenTaxonomy(entries: TaxonomyEntry[] = DEFAULT_TAXONOMY, parentId: string | null = null): CategoryRow[] {
  return entries.flatMap((entry, index) => {
    const row: CategoryRow = { id: `cat_${entry.slug}`, parent_id: parentId, name_zh: entry.zh, name_en: entry.en, position: index };
    return [row, ...flattenTaxonomy(entry.children ?? [], row.id)];
  });
}
