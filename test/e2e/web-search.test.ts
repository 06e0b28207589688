import { describe, expect, it } from 'vitest';
import { formatMoneyShort } from '../../web/src/lib/money.js';
import { activeFilterCount, bucketRange, readSearchParams, searchHref, withoutFilters } from '../../web/src/lib/search.js';

/** The search page's address: what it reads, what it writes back, and the short prices on its chips. */
describe('the search address', () => {
  const read = (query: string) => readSearchParams(new URLSearchParams(query));

  it('reads every parameter the page understands', () => {
    expect(
      read('q=手机壳&category=cat_phone-cases&price_min=1500&price_max=3000&store_type=brand&ships_to=cn&in_stock=true&sort=price_asc'),
    ).toEqual({
      q: '手机壳',
      category: 'cat_phone-cases',
      price_min: 1500,
      price_max: 3000,
      currency: undefined,
      store_type: 'brand',
      ships_to: 'CN',
      in_stock: true,
      sort: 'price_asc',
    });
  });

  it('leaves out what it does not understand instead of sending it to the API', () => {
    const params = read('q=%20%20&price_min=-5&price_max=12.5&store_type=shop&ships_to=China&in_stock=yes&sort=cheapest&currency=yuan');
    expect(Object.values(params).every((value) => value === undefined)).toBe(true);
    expect(read('sort=relevance').sort).toBeUndefined();
    expect(read(`q=${'字'.repeat(300)}`).q).toHaveLength(200);
  });

  it('writes short addresses in a fixed order, without defaults', () => {
    expect(searchHref({ q: '手机', sort: 'relevance', in_stock: undefined })).toBe('/search?q=%E6%89%8B%E6%9C%BA');
    expect(searchHref({ sort: 'newest', in_stock: true, category: 'cat_tea', q: 'tea' })).toBe(
      '/search?q=tea&category=cat_tea&in_stock=true&sort=newest',
    );
    expect(searchHref({})).toBe('/search');
    const query =
      'q=phone+case&category=cat_phone-cases&price_min=0&price_max=999&store_type=supplier&ships_to=US&in_stock=true&sort=sales';
    expect(searchHref(read(query))).toBe(`/search?${query}`);
  });

  it('counts filters, not the words or the order, and drops them all at once', () => {
    const params = read('q=tea&category=cat_tea&price_max=5000&in_stock=true&sort=sales');
    expect(activeFilterCount(params)).toBe(3);
    expect(withoutFilters(params)).toEqual({ q: 'tea', currency: undefined, sort: 'sales' });
    expect(activeFilterCount(read('q=tea&sort=sales'))).toBe(0);
  });

  it('turns a price bucket into a range, open at the top for the last one', () => {
    expect(bucketRange({ min_minor: 0, max_minor: 999, count: 3 })).toEqual({ price_min: undefined, price_max: 999 });
    expect(bucketRange({ min_minor: 5000, max_minor: null, count: 1 })).toEqual({ price_min: 5000, price_max: undefined });
  });

  it('shows whole prices without a zero fraction on chips', () => {
    expect(formatMoneyShort(5000, 'CNY', 'zh-CN')).toBe('¥50');
    expect(formatMoneyShort(1990, 'CNY', 'zh-CN')).toBe('¥19.90');
    expect(formatMoneyShort(500, 'JPY', 'en')).toBe('¥500');
  });
});
