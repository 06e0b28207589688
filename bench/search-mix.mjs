// The fixed query mix of bench:search (and bench/search-profile.mjs), by class.
/** The load cycles through all of them in this order. */
export const QUERY_MIX = {
  common_word: ['q=red', 'q=new', 'q=black', 'q=case', 'q=dress', 'q=bag'],
  two_words: ['q=red+dress', 'q=phone+case', 'q=wireless+earbuds', 'q=leather+handbag', 'q=cotton+shirt', 'q=black+backpack'],
  zh_two: [
    `q=${encodeURIComponent('手机')}`,
    `q=${encodeURIComponent('新款')}`,
    `q=${encodeURIComponent('耳机')}`,
    `q=${encodeURIComponent('红色')}`,
    `q=${encodeURIComponent('真皮')}`,
    `q=${encodeURIComponent('包邮')}`,
  ],
  zh_four: [
    `q=${encodeURIComponent('蓝牙耳机')}`,
    `q=${encodeURIComponent('防摔硅胶')}`,
    `q=${encodeURIComponent('纯棉卫衣')}`,
    `q=${encodeURIComponent('真皮钱包')}`,
    `q=${encodeURIComponent('新款手机')}`,
    `q=${encodeURIComponent('复古项链')}`,
  ],
  filter_heavy: [
    'q=red&category=cat_clothing&price_min=1000&price_max=30000&in_stock=true',
    `q=${encodeURIComponent('手机')}&store_type=brand&ships_to=US&in_stock=true`,
    'category=cat_electronics&price_min=5000&price_max=50000&sort=price_asc',
    'q=bag&category=cat_shoes-bags&store_type=individual&in_stock=true&sort=newest',
    `q=${encodeURIComponent('新款')}&ships_to=JP&price_max=5000`,
    'q=silver&category=cat_accessories&in_stock=true',
  ],
  sort_sales: [
    'q=red&sort=sales',
    `q=${encodeURIComponent('手机')}&sort=sales`,
    'q=black+bag&sort=sales',
    `q=${encodeURIComponent('耳机')}&sort=sales`,
    'sort=sales',
    'q=new&sort=sales',
  ],
};
