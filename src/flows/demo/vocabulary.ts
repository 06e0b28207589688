/**
 * Words the demo marketplace builds product titles from: per category, bilingual nouns and
 * adjectives, so titles read like real listings ("防摔硅胶手机壳 Shockproof silicone phone case").
 */
export interface Word {
  zh: string;
  en: string;
}

export interface CategoryVocabulary {
  category: string;
  nouns: Word[];
  adjectives: Word[];
  options?: { name: Word; values: Word[] }[];
  price_minor: [number, number];
  weight_g: [number, number];
}

const COLOURS = {
  name: { zh: '颜色', en: 'Colour' },
  values: [
    { zh: '黑色', en: 'Black' },
    { zh: '白色', en: 'White' },
    { zh: '红色', en: 'Red' },
    { zh: '粉色', en: 'Pink' },
    { zh: '蓝色', en: 'Blue' },
    { zh: '绿色', en: 'Green' },
  ],
};
const SIZES = {
  name: { zh: '尺码', en: 'Size' },
  values: [
    { zh: 'S', en: 'S' },
    { zh: 'M', en: 'M' },
    { zh: 'L', en: 'L' },
    { zh: 'XL', en: 'XL' },
  ],
};
const MODELS = {
  name: { zh: '型号', en: 'Model' },
  values: [
    { zh: 'iPhone 16', en: 'iPhone 16' },
    { zh: '华为 Mate 70', en: 'Huawei Mate 70' },
    { zh: '小米 15', en: 'Xiaomi 15' },
  ],
};
const WEIGHTS = {
  name: { zh: '规格', en: 'Pack' },
  values: [
    { zh: '250克', en: '250 g' },
    { zh: '500克', en: '500 g' },
    { zh: '1公斤', en: '1 kg' },
  ],
};

export const VOCABULARY: CategoryVocabulary[] = [
  {
    category: 'cat_phone-cases',
    nouns: [
      { zh: '手机壳', en: 'phone case' },
      { zh: '保护套', en: 'protective cover' },
    ],
    adjectives: [
      { zh: '防摔硅胶', en: 'Shockproof silicone' },
      { zh: '透明磨砂', en: 'Clear matte' },
      { zh: '卡通可爱', en: 'Cute cartoon' },
      { zh: '真皮翻盖', en: 'Leather flip' },
      { zh: '磁吸', en: 'Magnetic' },
    ],
    options: [MODELS, COLOURS],
    price_minor: [990, 6900],
    weight_g: [30, 80],
  },
  {
    category: 'cat_mobile-phones',
    nouns: [{ zh: '手机', en: 'smartphone' }],
    adjectives: [
      { zh: '5G全网通', en: '5G unlocked' },
      { zh: '老人大字', en: 'Big-button senior' },
      { zh: '二手九成新', en: 'Refurbished' },
      { zh: '华为', en: 'Huawei' },
      { zh: '小米', en: 'Xiaomi' },
    ],
    options: [COLOURS],
    price_minor: [49900, 599900],
    weight_g: [160, 240],
  },
  {
    category: 'cat_headphones',
    nouns: [
      { zh: '蓝牙耳机', en: 'Bluetooth earbuds' },
      { zh: '头戴式耳机', en: 'over-ear headphones' },
    ],
    adjectives: [
      { zh: '主动降噪', en: 'Noise-cancelling' },
      { zh: '运动防水', en: 'Waterproof sports' },
      { zh: '无线', en: 'Wireless' },
      { zh: '低延迟游戏', en: 'Low-latency gaming' },
    ],
    options: [COLOURS],
    price_minor: [4900, 129900],
    weight_g: [40, 300],
  },
  {
    category: 'cat_chargers',
    nouns: [
      { zh: '快充充电器', en: 'fast charger' },
      { zh: '数据线', en: 'charging cable' },
      { zh: '充电宝', en: 'power bank' },
    ],
    adjectives: [
      { zh: '氮化镓', en: 'GaN' },
      { zh: '编织', en: 'Braided' },
      { zh: '便携', en: 'Portable' },
    ],
    price_minor: [1500, 19900],
    weight_g: [50, 400],
  },
  {
    category: 'cat_handbags',
    nouns: [
      { zh: '手提包', en: 'handbag' },
      { zh: '斜挎包', en: 'crossbody bag' },
      { zh: '托特包', en: 'tote bag' },
    ],
    adjectives: [
      { zh: '真皮', en: 'Genuine leather' },
      { zh: '复古', en: 'Vintage' },
      { zh: '帆布', en: 'Canvas' },
      { zh: '大容量', en: 'Large' },
      { zh: '编织', en: 'Woven' },
    ],
    options: [COLOURS],
    price_minor: [5900, 89900],
    weight_g: [300, 900],
  },
  {
    category: 'cat_backpacks',
    nouns: [{ zh: '双肩包', en: 'backpack' }],
    adjectives: [
      { zh: '防水', en: 'Waterproof' },
      { zh: '电脑', en: 'Laptop' },
      { zh: '学生', en: 'School' },
      { zh: '户外登山', en: 'Hiking' },
    ],
    options: [COLOURS],
    price_minor: [6900, 39900],
    weight_g: [500, 1500],
  },
  {
    category: 'cat_womens-clothing',
    nouns: [
      { zh: '连衣裙', en: 'dress' },
      { zh: '针织开衫', en: 'knit cardigan' },
      { zh: '衬衫', en: 'blouse' },
    ],
    adjectives: [
      { zh: '碎花', en: 'Floral' },
      { zh: '真丝', en: 'Silk' },
      { zh: '法式', en: 'French-style' },
      { zh: '宽松', en: 'Loose-fit' },
      { zh: '新中式', en: 'New Chinese-style' },
    ],
    options: [COLOURS, SIZES],
    price_minor: [7900, 49900],
    weight_g: [150, 600],
  },
  {
    category: 'cat_mens-clothing',
    nouns: [
      { zh: 'T恤', en: 'T-shirt' },
      { zh: '夹克', en: 'jacket' },
      { zh: '卫衣', en: 'hoodie' },
    ],
    adjectives: [
      { zh: '纯棉', en: 'Cotton' },
      { zh: '休闲', en: 'Casual' },
      { zh: '加绒', en: 'Fleece-lined' },
      { zh: '工装', en: 'Workwear' },
    ],
    options: [COLOURS, SIZES],
    price_minor: [4900, 59900],
    weight_g: [200, 900],
  },
  {
    category: 'cat_jewellery',
    nouns: [
      { zh: '项链', en: 'necklace' },
      { zh: '耳环', en: 'earrings' },
      { zh: '手链', en: 'bracelet' },
    ],
    adjectives: [
      { zh: '淡水珍珠', en: 'Freshwater pearl' },
      { zh: '925银', en: 'Sterling silver' },
      { zh: '和田玉', en: 'Hetian jade' },
      { zh: '手工', en: 'Handmade' },
    ],
    price_minor: [2900, 159900],
    weight_g: [10, 60],
  },
  {
    category: 'cat_hair-accessories',
    nouns: [
      { zh: '发夹', en: 'hair clip' },
      { zh: '发圈', en: 'scrunchie' },
      { zh: '发簪', en: 'hairpin' },
    ],
    adjectives: [
      { zh: '珍珠', en: 'Pearl' },
      { zh: '真丝', en: 'Silk' },
      { zh: '古风', en: 'Traditional' },
      { zh: '简约', en: 'Minimal' },
    ],
    options: [COLOURS],
    price_minor: [590, 8900],
    weight_g: [10, 50],
  },
  {
    category: 'cat_scarves',
    nouns: [
      { zh: '围巾', en: 'scarf' },
      { zh: '披肩', en: 'shawl' },
    ],
    adjectives: [
      { zh: '羊绒', en: 'Cashmere' },
      { zh: '桑蚕丝', en: 'Mulberry silk' },
      { zh: '格纹', en: 'Plaid' },
    ],
    options: [COLOURS],
    price_minor: [3900, 69900],
    weight_g: [80, 300],
  },
  {
    category: 'cat_tea',
    nouns: [
      { zh: '绿茶', en: 'green tea' },
      { zh: '普洱茶', en: 'Pu-erh tea' },
      { zh: '乌龙茶', en: 'oolong tea' },
      { zh: '红茶', en: 'black tea' },
    ],
    adjectives: [
      { zh: '明前', en: 'Early-spring' },
      { zh: '高山', en: 'High-mountain' },
      { zh: '有机', en: 'Organic' },
      { zh: '陈年', en: 'Aged' },
    ],
    options: [WEIGHTS],
    price_minor: [3900, 99900],
    weight_g: [250, 1000],
  },
  {
    category: 'cat_snacks',
    nouns: [
      { zh: '坚果礼盒', en: 'nut gift box' },
      { zh: '牛肉干', en: 'beef jerky' },
      { zh: '月饼', en: 'mooncakes' },
    ],
    adjectives: [
      { zh: '每日', en: 'Daily' },
      { zh: '手工', en: 'Hand-made' },
      { zh: '麻辣', en: 'Spicy' },
    ],
    options: [WEIGHTS],
    price_minor: [1990, 19900],
    weight_g: [250, 1000],
  },
  {
    category: 'cat_local-specialties',
    nouns: [
      { zh: '蜂蜜', en: 'honey' },
      { zh: '香菇', en: 'shiitake mushrooms' },
      { zh: '腊肉', en: 'cured pork' },
    ],
    adjectives: [
      { zh: '农家', en: 'Farmhouse' },
      { zh: '云南', en: 'Yunnan' },
      { zh: '野生', en: 'Wild' },
    ],
    options: [WEIGHTS],
    price_minor: [2900, 29900],
    weight_g: [250, 1000],
  },
  {
    category: 'cat_kitchenware',
    nouns: [
      { zh: '炒锅', en: 'wok' },
      { zh: '菜刀', en: "chef's knife" },
      { zh: '茶具套装', en: 'tea set' },
    ],
    adjectives: [
      { zh: '铸铁', en: 'Cast-iron' },
      { zh: '不粘', en: 'Non-stick' },
      { zh: '陶瓷', en: 'Ceramic' },
      { zh: '景德镇', en: 'Jingdezhen' },
    ],
    price_minor: [3900, 59900],
    weight_g: [300, 3000],
  },
  {
    category: 'cat_home-decor',
    nouns: [
      { zh: '花瓶', en: 'vase' },
      { zh: '香薰蜡烛', en: 'scented candle' },
      { zh: '挂画', en: 'wall art' },
    ],
    adjectives: [
      { zh: '北欧', en: 'Nordic' },
      { zh: '手绘', en: 'Hand-painted' },
      { zh: '竹编', en: 'Bamboo' },
    ],
    price_minor: [2900, 39900],
    weight_g: [200, 2000],
  },
  {
    category: 'cat_skincare',
    nouns: [
      { zh: '面霜', en: 'face cream' },
      { zh: '精华液', en: 'serum' },
      { zh: '面膜', en: 'sheet masks' },
    ],
    adjectives: [
      { zh: '补水保湿', en: 'Hydrating' },
      { zh: '敏感肌', en: 'Sensitive-skin' },
      { zh: '美白', en: 'Brightening' },
    ],
    price_minor: [4900, 39900],
    weight_g: [50, 300],
  },
  {
    category: 'cat_sportswear',
    nouns: [
      { zh: '瑜伽裤', en: 'yoga leggings' },
      { zh: '跑步鞋', en: 'running shoes' },
      { zh: '速干T恤', en: 'quick-dry tee' },
    ],
    adjectives: [
      { zh: '高弹', en: 'Stretch' },
      { zh: '透气', en: 'Breathable' },
      { zh: '轻便', en: 'Lightweight' },
    ],
    options: [COLOURS, SIZES],
    price_minor: [5900, 49900],
    weight_g: [150, 800],
  },
  {
    category: 'cat_toys',
    nouns: [
      { zh: '积木', en: 'building blocks' },
      { zh: '毛绒玩具', en: 'plush toy' },
      { zh: '拼图', en: 'jigsaw puzzle' },
    ],
    adjectives: [
      { zh: '益智', en: 'Educational' },
      { zh: '熊猫', en: 'Panda' },
      { zh: '木质', en: 'Wooden' },
    ],
    price_minor: [1990, 29900],
    weight_g: [100, 1500],
  },
  {
    category: 'cat_handicrafts',
    nouns: [
      { zh: '剪纸', en: 'paper-cut art' },
      { zh: '刺绣', en: 'embroidery' },
      { zh: '紫砂壶', en: 'Yixing teapot' },
    ],
    adjectives: [
      { zh: '非遗', en: 'Heritage' },
      { zh: '苏绣', en: 'Suzhou' },
      { zh: '手作', en: 'Handcrafted' },
    ],
    price_minor: [3900, 199900],
    weight_g: [50, 800],
  },
  {
    category: 'cat_packaging',
    nouns: [
      { zh: '快递纸箱', en: 'shipping boxes' },
      { zh: '气泡袋', en: 'bubble mailers' },
      { zh: '封箱胶带', en: 'packing tape' },
    ],
    adjectives: [
      { zh: '批发', en: 'Wholesale' },
      { zh: '加厚', en: 'Heavy-duty' },
      { zh: '定制印刷', en: 'Custom-printed' },
    ],
    price_minor: [990, 29900],
    weight_g: [500, 5000],
  },
  {
    category: 'cat_raw-materials',
    nouns: [
      { zh: '珍珠散珠', en: 'loose pearls' },
      { zh: '真丝面料', en: 'silk fabric' },
      { zh: '925银配件', en: 'silver findings' },
    ],
    adjectives: [
      { zh: '批发', en: 'Bulk' },
      { zh: '工厂直供', en: 'Factory-direct' },
    ],
    price_minor: [1990, 99900],
    weight_g: [100, 2000],
  },
];

export const STORE_NAMES: { zh: string; en: string; handle: string }[] = [
  ['美美饰品', 'Mei Accessories', 'meimei'],
  ['江南丝绸坊', 'Jiangnan Silk', 'jiangnan-silk'],
  ['小米之家', 'Mi Corner', 'mi-corner'],
  ['茶马古道', 'Tea Horse Road', 'tea-horse-road'],
  ['老北京布鞋', 'Old Beijing Shoes', 'old-beijing-shoes'],
  ['数码优选', 'Digital Picks', 'digital-picks'],
  ['景德镇瓷器', 'Jingdezhen Porcelain', 'jingdezhen'],
  ['云南山货', 'Yunnan Mountain Goods', 'yunnan-goods'],
  ['壳壳屋', 'Case House', 'case-house'],
  ['包包工坊', 'Bag Workshop', 'bag-workshop'],
  ['童趣玩具', 'Happy Toys', 'happy-toys'],
  ['运动派', 'Sport Party', 'sport-party'],
  ['花漾美妆', 'Bloom Beauty', 'bloom-beauty'],
  ['竹韵家居', 'Bamboo Home', 'bamboo-home'],
  ['苏绣坊', 'Suzhou Embroidery', 'suzhou-embroidery'],
  ['义乌包材', 'Yiwu Packaging', 'yiwu-packaging'],
  ['珍珠源头厂', 'Pearl Source Factory', 'pearl-factory'],
  ['东方茶社', 'Oriental Tea House', 'oriental-tea'],
  ['潮流男装', 'Trend Menswear', 'trend-menswear'],
  ['淑女衣橱', 'Lady Wardrobe', 'lady-wardrobe'],
  ['极客耳机', 'Geek Audio', 'geek-audio'],
  ['充电先锋', 'Charge Pioneer', 'charge-pioneer'],
  ['围巾小铺', 'Scarf Nook', 'scarf-nook'],
  ['零食铺子', 'Snack Shop', 'snack-shop'],
  ['蜂农直销', 'Beekeeper Direct', 'beekeeper-direct'],
  ['锅具专家', 'Wok Masters', 'wok-masters'],
  ['户外行者', 'Trail Walker', 'trail-walker'],
  ['护肤实验室', 'Skin Lab', 'skin-lab'],
  ['剪纸艺术', 'Papercut Art', 'papercut-art'],
  ['丝绸面料批发', 'Silk Fabric Wholesale', 'silk-wholesale'],
  ['华强北数码', 'Huaqiangbei Digital', 'huaqiangbei'],
  ['发饰精品', 'Hair Jewels', 'hair-jewels'],
  ['玉石轩', 'Jade Pavilion', 'jade-pavilion'],
  ['宝宝乐', 'Baby Joy', 'baby-joy'],
  ['文创小站', 'Creative Corner', 'creative-corner'],
  ['原料供应链', 'Materials Supply', 'materials-supply'],
].map(([zh, en, handle]) => ({ zh: zh as string, en: en as string, handle: handle as string }));
