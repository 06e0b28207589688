import type { FastifyInstance } from 'fastify';

/**
 * The search module's golden set: a small marketplace of realistic products, listed through
 * the real API by golden.test.ts and filters.property.test.ts, and the queries buyers type
 * with the products they must find. About half the titles are Chinese, half English, some
 * mixed; distractors sit beside what a query is after (手机支架 beside 手机壳, 手提箱 beside
 * 手提包, "reading glasses" beside "red dress", 华硕 beside 华为).
 *
 * Plain data and pure helpers only: the build compiles this file, so it imports nothing from
 * test/ and no module's internals.
 */

export type GoldenStoreType = 'individual' | 'brand' | 'supplier';

export interface GoldenStore {
  key: string;
  name: string;
  type: GoldenStoreType;
  country: string;
  /** ISO 3166 alpha-2 countries the store ships to (its own country included). */
  ships_to: string[];
  description: string;
}

export interface GoldenSku {
  /** The value of the product's option (颜色, 尺码 …) this SKU is; none for a single-SKU product. */
  value?: string;
  /** In fen (minor units of CNY). */
  price: number;
  stock: number;
}

export interface GoldenProduct {
  /** Stable name used by queries and failure reports. */
  key: string;
  store: string;
  category: string;
  title: string;
  description: string;
  attributes?: Record<string, string>;
  /** The option buyers choose when there is more than one SKU. */
  option?: string;
  skus: GoldenSku[];
}

export interface GoldenQuery {
  q: string;
  /** Every one of these must be among the first five results. */
  top5: string[];
  /** None of these may appear anywhere in the results. */
  absent?: string[];
  /** Why a shopper expects this. */
  why: string;
}

export const GOLDEN_STORES: GoldenStore[] = [
  {
    key: 'mei',
    name: '小美手作 Mei’s Handmade',
    type: 'individual',
    country: 'CN',
    ships_to: ['CN', 'HK', 'TW'],
    description: '一个人的手作小店：陶瓷、文具、剪纸和小饰品。',
  },
  {
    key: 'huawei',
    name: '华为官方旗舰店',
    type: 'brand',
    country: 'CN',
    ships_to: ['CN', 'HK', 'MO'],
    description: '华为官方授权，正品保障，全国联保。',
  },
  { key: 'asus', name: '华硕官方旗舰店', type: 'brand', country: 'CN', ships_to: ['CN'], description: 'ROG 玩家国度与华硕全线产品。' },
  {
    key: 'szacc',
    name: '深圳华强北数码配件批发',
    type: 'supplier',
    country: 'CN',
    ships_to: ['CN', 'HK', 'MY', 'SG', 'US'],
    description: '源头工厂，支持批发与一件代发。',
  },
  { key: 'digimall', name: '数码优选', type: 'individual', country: 'CN', ships_to: ['CN'], description: '国行正品数码，当天发货。' },
  {
    key: 'sound',
    name: 'SoundWave Audio',
    type: 'brand',
    country: 'SG',
    ships_to: ['CN', 'DE', 'GB', 'JP', 'MY', 'SG', 'US'],
    description: 'Audio gear designed in Singapore.',
  },
  {
    key: 'yiwu',
    name: '义乌箱包工厂店',
    type: 'supplier',
    country: 'CN',
    ships_to: ['CN', 'DE', 'FR', 'GB', 'US'],
    description: '箱包源头工厂，量大从优。',
  },
  { key: 'leather', name: '老王皮具工作室', type: 'individual', country: 'CN', ships_to: ['CN'], description: '手工皮具二十年。' },
  {
    key: 'silk',
    name: '杭州丝绸坊',
    type: 'brand',
    country: 'CN',
    ships_to: ['CN', 'JP', 'KR'],
    description: '杭州老字号丝绸，桑蚕丝制品。',
  },
  {
    key: 'lily',
    name: 'Lily & Rose Boutique',
    type: 'individual',
    country: 'HK',
    ships_to: ['CN', 'HK', 'SG', 'TW'],
    description: 'Dresses and little luxuries, picked in Hong Kong.',
  },
  {
    key: 'optics',
    name: 'Clear Vision Optics',
    type: 'individual',
    country: 'US',
    ships_to: ['CA', 'US'],
    description: 'Eyewear without the markup.',
  },
  {
    key: 'brewlab',
    name: 'Brew Lab Coffee Roasters',
    type: 'brand',
    country: 'CN',
    ships_to: ['CN', 'SG'],
    description: 'Small-batch roasting in Shanghai.',
  },
  {
    key: 'teahouse',
    name: '勐海茶庄',
    type: 'individual',
    country: 'CN',
    ships_to: ['CN', 'HK', 'JP', 'TW', 'US'],
    description: '茶农直供，产地发货。',
  },
  { key: 'homely', name: '居家好物', type: 'individual', country: 'CN', ships_to: ['CN'], description: '厨房、床品和收纳。' },
  {
    key: 'flower',
    name: '花间集美妆',
    type: 'brand',
    country: 'CN',
    ships_to: ['CN', 'HK', 'MO'],
    description: '国货美妆品牌。',
  },
  { key: 'snack', name: '零食铺子', type: 'individual', country: 'CN', ships_to: ['CN'], description: '各地特产与零食。' },
  {
    key: 'outdoor',
    name: 'Summit Outdoor Supply',
    type: 'supplier',
    country: 'CN',
    ships_to: ['AU', 'CA', 'CN', 'NZ', 'US'],
    description: 'Outdoor and fitness gear from the factory.',
  },
  { key: 'baby', name: '贝贝母婴', type: 'individual', country: 'CN', ships_to: ['CN'], description: '宝宝用品与玩具。' },
  { key: 'menswear', name: '型男衣橱', type: 'individual', country: 'CN', ships_to: ['CN', 'HK'], description: '男装基础款。' },
  {
    key: 'factory',
    name: '东莞包装材料厂',
    type: 'supplier',
    country: 'CN',
    ships_to: ['CN', 'TH', 'VN'],
    description: '包装耗材与设备，工厂直销。',
  },
];

const one = (price: number, stock: number): GoldenSku[] => [{ price, stock }];
const each = (rows: [string, number, number][]): GoldenSku[] => rows.map(([value, price, stock]) => ({ value, price, stock }));

export const GOLDEN_PRODUCTS: GoldenProduct[] = [
  // Phones, cases and accessories
  {
    key: 'iphone15-silicone-case',
    store: 'szacc',
    category: 'cat_phone-cases',
    title: 'iPhone 15 硅胶手机壳 液态硅胶 防摔',
    description: '液态硅胶材质，亲肤不沾指纹；四角气囊防摔，镜头加高保护。',
    attributes: { 材质: '液态硅胶', 适用机型: 'iPhone 15' },
    option: '颜色',
    skus: each([
      ['午夜黑', 2990, 120],
      ['远峰蓝', 2990, 80],
      ['粉色', 2990, 0],
    ]),
  },
  {
    key: 'mate60-case',
    store: 'szacc',
    category: 'cat_phone-cases',
    title: 'Mate 60 Pro 硅胶防摔手机壳 全包镜头',
    description: '软硅胶外壳，全包设计防摔抗震，按键灵敏。',
    attributes: { 材质: '硅胶', 适用机型: '华为 Mate 60 Pro' },
    option: '颜色',
    skus: each([
      ['黑', 1990, 60],
      ['绿', 1990, 35],
    ]),
  },
  {
    key: 'xiaomi-clear-case',
    store: 'szacc',
    category: 'cat_phone-cases',
    title: '小米14 透明手机壳 TPU 全包软壳',
    description: '高透 TPU 材质，不发黄，展示原机颜色。',
    attributes: { 材质: 'TPU', 适用机型: '小米14' },
    skus: one(1290, 200),
  },
  {
    key: 'samsung-leather-cover',
    store: 'leather',
    category: 'cat_phone-cases',
    title: '三星 Galaxy S24 真皮保护套 翻盖商务',
    description: '头层牛皮手工缝制，翻盖内置卡位。',
    attributes: { 材质: '头层牛皮', 适用机型: 'Galaxy S24' },
    skus: one(12800, 6),
  },
  {
    key: 'iphone-case-en',
    store: 'szacc',
    category: 'cat_phone-cases',
    title: 'Shockproof Phone Case for iPhone 15 Pro, Clear',
    description: 'Crystal clear back that never yellows; raised edges protect the camera and screen.',
    attributes: { Material: 'TPU and polycarbonate', 'Compatible model': 'iPhone 15 Pro' },
    skus: one(1590, 300),
  },
  {
    key: 'phone-cases-pack',
    store: 'szacc',
    category: 'cat_phone-cases',
    title: 'Silicone Phone Cases 3-Pack, Soft Touch',
    description: 'Three colours in one pack: black, sand and sage. Slim fit for iPhone 14 and 15.',
    attributes: { Material: 'Silicone' },
    skus: one(3990, 45),
  },
  {
    key: 'screen-protector',
    store: 'szacc',
    category: 'cat_electronics',
    title: 'iPhone 15 钢化膜 高清防指纹 2片装',
    description: '9H 硬度钢化玻璃，附贴膜神器，一次贴正。',
    attributes: { 材质: '钢化玻璃' },
    skus: one(990, 500),
  },
  {
    key: 'phone-stand',
    store: 'szacc',
    category: 'cat_electronics',
    title: '桌面手机支架 铝合金 可折叠 追剧神器',
    description: '铝合金底座稳固不晃，角度可调，兼容 4 到 7 英寸设备。',
    attributes: { 材质: '铝合金' },
    skus: one(2590, 150),
  },
  {
    key: 'phone-lanyard',
    store: 'mei',
    category: 'cat_electronics',
    title: '手机挂绳 斜挎 可调节 编织',
    description: '手工编织挂绳，附赠通用夹片，可斜挎可挂手腕。',
    attributes: { 材质: '涤纶' },
    skus: one(1590, 40),
  },
  {
    key: 'mate60-phone',
    store: 'huawei',
    category: 'cat_mobile-phones',
    title: '华为 Mate 60 Pro 智能手机 12GB+512GB',
    description: '卫星通话，昆仑玻璃。包装内含充电器、数据线和透明手机壳。',
    attributes: { 品牌: '华为', 存储: '12GB+512GB' },
    option: '颜色',
    skus: each([
      ['雅丹黑', 699900, 20],
      ['白沙银', 699900, 0],
      ['南糯紫', 699900, 12],
    ]),
  },
  {
    key: 'huawei-nova',
    store: 'huawei',
    category: 'cat_mobile-phones',
    title: '华为 nova 12 手机 前置双摄 轻薄',
    description: '6000 万前置双摄人像，轻薄机身，66W 快充。',
    attributes: { 品牌: '华为' },
    skus: one(299900, 50),
  },
  {
    key: 'huawei-freebuds',
    store: 'huawei',
    category: 'cat_headphones',
    title: '华为 FreeBuds Pro 3 降噪蓝牙耳机',
    description: '智慧动态降噪，星闪连接，高解析音质。',
    attributes: { 品牌: '华为', 连接: '蓝牙' },
    skus: one(149900, 80),
  },
  {
    key: 'huawei-watch',
    store: 'huawei',
    category: 'cat_watches',
    title: '华为 WATCH GT 4 智能手表 运动健康',
    description: '两周续航，心率血氧监测，百余种运动模式。',
    attributes: { 品牌: '华为' },
    skus: one(148800, 30),
  },
  {
    key: 'huawei-charger',
    store: 'huawei',
    category: 'cat_chargers',
    title: '华为 66W 超级快充充电器 原装',
    description: '支持超级快充协议，兼容多款手机与平板。',
    attributes: { 品牌: '华为' },
    skus: one(14900, 200),
  },
  {
    key: 'asus-rog-phone',
    store: 'asus',
    category: 'cat_mobile-phones',
    title: '华硕 ROG Phone 8 Pro 电竞游戏手机',
    description: '骁龙 8 Gen 3，165Hz 电竞屏，肩键操控。',
    attributes: { 品牌: '华硕' },
    skus: one(699900, 0),
  },
  {
    key: 'asus-headset',
    store: 'asus',
    category: 'cat_headphones',
    title: '华硕 ROG 电竞游戏耳机 头戴式 7.1声道',
    description: 'USB 有线连接，虚拟 7.1 环绕声，可拆卸麦克风。',
    attributes: { 品牌: '华硕', 连接: 'USB 有线' },
    skus: one(59900, 25),
  },
  {
    key: 'asus-charger',
    store: 'asus',
    category: 'cat_chargers',
    title: '华硕 65W 氮化镓充电器 Type-C',
    description: '小巧氮化镓，笔记本与手机都能充。',
    attributes: { 品牌: '华硕' },
    skus: one(19900, 60),
  },
  {
    key: 'xiaomi14',
    store: 'digimall',
    category: 'cat_mobile-phones',
    title: '小米14 徕卡光学镜头 5G手机 12GB+256GB',
    description: '徕卡 Summilux 镜头，骁龙 8 Gen 3。',
    attributes: { 品牌: '小米' },
    skus: one(399900, 15),
  },
  {
    key: 'iphone15',
    store: 'digimall',
    category: 'cat_mobile-phones',
    title: 'Apple iPhone 15 128GB 苹果手机 黑色',
    description: 'A16 仿生芯片，灵动岛，4800 万像素主摄。国行正品，全国联保。',
    attributes: { 品牌: 'Apple' },
    skus: one(529900, 8),
  },
  {
    key: 'usb-c-cable',
    store: 'szacc',
    category: 'cat_chargers',
    title: 'USB-C 编织数据线 1米 快充',
    description: '尼龙编织线身，耐弯折，支持 60W 快充。',
    skus: one(1990, 400),
  },
  {
    key: 'wireless-charger',
    store: 'szacc',
    category: 'cat_chargers',
    title: 'Wireless Charger Pad 15W, Fast Charging',
    description: 'Qi-certified pad with a non-slip surface and a soft LED indicator.',
    skus: one(8900, 70),
  },
  {
    key: 'power-bank',
    store: 'szacc',
    category: 'cat_chargers',
    title: '充电宝 20000毫安 大容量 移动电源',
    description: '双向快充，可带上飞机。',
    skus: one(9900, 90),
  },

  // Headphones and audio
  {
    key: 'sw-earbuds',
    store: 'sound',
    category: 'cat_headphones',
    title: 'SoundWave Wireless Earbuds, Bluetooth 5.3, Noise Cancelling',
    description: 'Hybrid active noise cancelling and 30 hours of play with the charging case. IPX4 splash resistant.',
    attributes: { Connectivity: 'Bluetooth 5.3' },
    option: 'Colour',
    skus: each([
      ['Black', 39900, 120],
      ['White', 39900, 60],
    ]),
  },
  {
    key: 'sw-headphones',
    store: 'sound',
    category: 'cat_headphones',
    title: 'SoundWave Over-Ear Bluetooth Headphones with Active Noise Cancellation',
    description: 'Plush memory-foam cushions, a 40-hour battery, and it folds flat into the travel pouch.',
    skus: one(89900, 40),
  },
  {
    key: 'sw-sport-earbuds',
    store: 'sound',
    category: 'cat_headphones',
    title: 'SoundWave Sport Wireless Earbuds, Sweatproof Ear Hooks',
    description: 'Secure ear hooks for running and the gym. IPX7.',
    skus: one(29900, 55),
  },
  {
    key: 'sw-wired',
    store: 'sound',
    category: 'cat_headphones',
    title: 'SoundWave Studio Wired Headphones, 3.5mm',
    description: 'Closed-back monitoring with a detachable coiled cable.',
    skus: one(49900, 18),
  },
  {
    key: 'sw-speaker',
    store: 'sound',
    category: 'cat_electronics',
    title: 'SoundWave Portable Bluetooth Speaker, Waterproof',
    description: '360° sound that floats in water, 20 hours of play.',
    skus: one(45900, 33),
  },
  {
    key: 'ear-tips',
    store: 'sound',
    category: 'cat_headphones',
    title: 'Replacement Ear Tips for Earbuds, Memory Foam (3 Pairs)',
    description: 'Fits most in-ear models; sizes S, M and L.',
    skus: one(5900, 300),
  },
  {
    key: 'kids-headphones-en',
    store: 'baby',
    category: 'cat_headphones',
    title: 'Kids Headphones, Volume Limited to 85dB',
    description: 'A soft, adjustable band sized for children aged 3 to 12.',
    skus: one(12900, 26),
  },
  {
    key: 'cn-anc-earbuds',
    store: 'szacc',
    category: 'cat_headphones',
    title: 'TWS 降噪蓝牙耳机 主动降噪 入耳式 长续航',
    description: '主动降噪深度 45dB，单次续航 8 小时，配充电仓。',
    attributes: { 连接: '蓝牙 5.3' },
    option: '颜色',
    skus: each([
      ['黑', 15900, 300],
      ['白', 15900, 0],
    ]),
  },
  {
    key: 'cn-neckband',
    store: 'szacc',
    category: 'cat_headphones',
    title: '颈挂式蓝牙耳机 运动跑步 磁吸',
    description: '运动不掉，磁吸收纳。',
    skus: one(8900, 150),
  },
  {
    key: 'cn-wired-earplugs',
    store: 'szacc',
    category: 'cat_headphones',
    title: 'Type-C 有线入耳式耳塞 带麦 线控',
    description: '适合通话与网课，兼容 Type-C 接口。',
    skus: one(2990, 500),
  },
  {
    key: 'bt-speaker-cn',
    store: 'szacc',
    category: 'cat_electronics',
    title: '蓝牙音箱 户外便携 防水 重低音',
    description: 'IPX7 防水，露营野餐随身带。',
    skus: one(12900, 64),
  },
  {
    key: 'earmuffs',
    store: 'mei',
    category: 'cat_accessories',
    title: '保暖耳罩 冬季毛绒 可折叠',
    description: '加厚毛绒，护耳防冻，骑车上学都合适。',
    skus: one(2590, 70),
  },
  {
    key: 'mech-watch',
    store: 'digimall',
    category: 'cat_watches',
    title: 'Automatic Mechanical Watch, Sapphire Glass, 40mm',
    description: 'Self-winding movement with a 42-hour power reserve.',
    skus: one(129900, 5),
  },

  // Bags and luggage
  {
    key: 'leather-handbag',
    store: 'leather',
    category: 'cat_handbags',
    title: '真皮手提包 头层牛皮 女士通勤',
    description: '意大利植鞣头层牛皮，手工缝线，可放下 13 寸笔记本。',
    attributes: { 材质: '头层牛皮' },
    option: '颜色',
    skus: each([
      ['棕', 89900, 4],
      ['黑', 89900, 3],
    ]),
  },
  {
    key: 'leather-tote',
    store: 'leather',
    category: 'cat_handbags',
    title: '头层牛皮托特包 大容量 手提包',
    description: '整张头层牛皮裁制，真皮手感柔软，越用越有光泽。',
    attributes: { 材质: '头层牛皮' },
    skus: one(69900, 7),
  },
  {
    key: 'pu-handbag',
    store: 'yiwu',
    category: 'cat_handbags',
    title: 'PU 手提包 女 小方包 百搭',
    description: 'PU 皮面，金属链条可拆。',
    attributes: { 材质: 'PU' },
    skus: one(5900, 800),
  },
  {
    key: 'canvas-tote',
    store: 'yiwu',
    category: 'cat_handbags',
    title: '帆布手提包 文艺 单肩大容量',
    description: '加厚帆布，内有拉链小袋。',
    attributes: { 材质: '帆布' },
    skus: one(2900, 1200),
  },
  {
    key: 'suitcase',
    store: 'yiwu',
    category: 'cat_shoes-bags',
    title: '铝框手提箱 20寸 登机箱',
    description: '铝合金框架，TSA 海关锁，静音万向轮。',
    attributes: { 材质: 'PC 加铝框' },
    skus: one(29900, 60),
  },
  {
    key: 'luggage-24',
    store: 'yiwu',
    category: 'cat_shoes-bags',
    title: '万向轮行李箱 24寸 拉杆箱 男女',
    description: 'PC 材质，耐摔抗压，大容量出行。',
    option: '颜色',
    skus: each([
      ['银', 35900, 40],
      ['黑', 35900, 0],
    ]),
  },
  {
    key: 'leather-wallet',
    store: 'leather',
    category: 'cat_shoes-bags',
    title: '真皮钱包 男士 短款 头层牛皮',
    description: '多卡位设计，手工封边。',
    skus: one(19900, 15),
  },
  {
    key: 'leather-belt',
    store: 'leather',
    category: 'cat_accessories',
    title: '头层牛皮皮带 男 自动扣',
    description: '整条头层牛皮，合金自动扣。',
    skus: one(15900, 20),
  },
  {
    key: 'en-leather-handbag',
    store: 'lily',
    category: 'cat_handbags',
    title: 'Genuine Leather Handbag for Women, Crossbody',
    description: 'Soft pebbled leather with an adjustable strap; fits a phone, wallet and keys.',
    attributes: { Material: 'Cowhide leather' },
    skus: one(59900, 9),
  },
  {
    key: 'en-tote-bags',
    store: 'yiwu',
    category: 'cat_shoes-bags',
    title: 'Canvas Tote Bags, Reusable Shopping Bag (Pack of 2)',
    description: 'Heavy cotton canvas with long handles.',
    skus: one(3900, 600),
  },
  {
    key: 'en-backpack',
    store: 'yiwu',
    category: 'cat_backpacks',
    title: 'Laptop Backpack 15.6 Inch, Water Resistant',
    description: 'Padded laptop sleeve, USB charging port and a luggage strap.',
    skus: one(15900, 140),
  },
  {
    key: 'cn-backpack',
    store: 'yiwu',
    category: 'cat_backpacks',
    title: '双肩包 男 大容量 旅行电脑包',
    description: '可放 15.6 寸电脑，防泼水面料。',
    skus: one(9900, 260),
  },
  {
    key: 'kids-backpack',
    store: 'baby',
    category: 'cat_backpacks',
    title: '儿童书包 小学生 护脊减负',
    description: '人体工学背负，反光条更安全。',
    option: '颜色',
    skus: each([
      ['蓝', 19900, 30],
      ['粉', 19900, 0],
    ]),
  },
  {
    key: 'briefcase',
    store: 'leather',
    category: 'cat_shoes-bags',
    title: 'Leather Briefcase for Men, Laptop Bag',
    description: 'Full-grain leather and brass hardware; fits a 14-inch laptop.',
    skus: one(129900, 2),
  },

  // Clothing, shoes, eyewear
  {
    key: 'red-dress-cn',
    store: 'silk',
    category: 'cat_womens-clothing',
    title: '红色连衣裙 真丝 收腰 中长款',
    description: '22 姆米桑蚕丝，垂坠顺滑，适合婚宴与年会。',
    attributes: { 材质: '桑蚕丝', 颜色: '红色' },
    option: '尺码',
    skus: each([
      ['S', 129900, 3],
      ['M', 129900, 5],
      ['L', 129900, 0],
    ]),
  },
  {
    key: 'red-dress-floral',
    store: 'silk',
    category: 'cat_womens-clothing',
    title: '碎花连衣裙 红色 法式复古 短袖',
    description: '雪纺面料，碎花印花，夏天清爽。',
    attributes: { 材质: '雪纺', 颜色: '红色' },
    option: '尺码',
    skus: each([
      ['S', 25900, 10],
      ['M', 25900, 14],
      ['L', 25900, 8],
    ]),
  },
  {
    key: 'blue-dress-cn',
    store: 'silk',
    category: 'cat_womens-clothing',
    title: '蓝色连衣裙 雪纺 夏季 显瘦',
    description: '清新蓝色，宽松版型。',
    attributes: { 颜色: '蓝色' },
    skus: one(22900, 20),
  },
  {
    key: 'red-skirt',
    store: 'silk',
    category: 'cat_womens-clothing',
    title: '红色半身裙 A字 高腰',
    description: '百搭高腰设计。',
    attributes: { 颜色: '红色' },
    skus: one(15900, 25),
  },
  {
    key: 'qipao',
    store: 'silk',
    category: 'cat_womens-clothing',
    title: '改良旗袍 真丝 日常 年轻款',
    description: '盘扣立领，日常可穿。',
    attributes: { 材质: '桑蚕丝' },
    skus: one(89900, 6),
  },
  {
    key: 'silk-scarf',
    store: 'silk',
    category: 'cat_scarves',
    title: '真丝丝巾 桑蚕丝 方巾 杭州',
    description: '手工卷边，印染牡丹图案。',
    skus: one(39900, 40),
  },
  {
    key: 'cashmere-scarf',
    store: 'silk',
    category: 'cat_scarves',
    title: '羊绒围巾 男女 纯色 冬季保暖',
    description: '内蒙古山羊绒，轻薄温暖。',
    attributes: { 材质: '羊绒' },
    option: '颜色',
    skus: each([
      ['驼色', 49900, 20],
      ['灰', 49900, 12],
    ]),
  },
  {
    key: 'silk-pillowcase',
    store: 'silk',
    category: 'cat_bedding',
    title: '真丝枕套 桑蚕丝 单只装',
    description: '19 姆米桑蚕丝，护发养肤。',
    skus: one(16900, 50),
  },
  {
    key: 'scrunchies',
    store: 'silk',
    category: 'cat_hair-accessories',
    title: 'Silk Scrunchies, 5-Pack',
    description: 'Mulberry silk hair ties that are kind to hair.',
    attributes: { 材质: '真丝' },
    skus: one(8900, 100),
  },
  {
    key: 'embroidery',
    store: 'silk',
    category: 'cat_handicrafts',
    title: '苏绣 手工刺绣 团扇 礼品',
    description: '苏州绣娘手工刺绣，双面绣工艺。',
    skus: one(58000, 3),
  },
  {
    key: 'en-red-dress',
    store: 'lily',
    category: 'cat_womens-clothing',
    title: 'Red Wrap Midi Dress for Women',
    description: 'A flowing wrap silhouette with a tie waist, in cherry crepe.',
    option: 'Size',
    skus: each([
      ['S', 45900, 4],
      ['M', 45900, 6],
      ['L', 45900, 2],
    ]),
  },
  {
    key: 'en-red-evening',
    store: 'lily',
    category: 'cat_womens-clothing',
    title: 'Red Satin Evening Dress with Slit',
    description: 'A floor-length satin gown for formal evenings.',
    skus: one(79900, 0),
  },
  {
    key: 'en-black-dress',
    store: 'lily',
    category: 'cat_womens-clothing',
    title: 'Little Black Dress, Sleeveless',
    description: 'A timeless sheath in stretch crepe.',
    skus: one(39900, 11),
  },
  {
    key: 'en-dresses',
    store: 'lily',
    category: 'cat_womens-clothing',
    title: 'Summer Floral Dresses for Women, 2 Colours',
    description: 'Light cotton voile with a floral print.',
    option: 'Colour',
    skus: each([
      ['Blue', 29900, 9],
      ['Yellow', 29900, 7],
    ]),
  },
  {
    key: 'reading-glasses',
    store: 'optics',
    category: 'cat_accessories',
    title: 'Reading Glasses +1.5, Blue Light Blocking',
    description: 'Lightweight frames with spring hinges; comes with a soft pouch.',
    option: 'Strength',
    skus: each([
      ['+1.0', 2900, 50],
      ['+1.5', 2900, 80],
      ['+2.0', 2900, 40],
    ]),
  },
  {
    key: 'reading-glasses-cn',
    store: 'optics',
    category: 'cat_accessories',
    title: '老花镜 高清 防蓝光 男女通用',
    description: '树脂镜片，轻盈不压鼻。',
    skus: one(3900, 90),
  },
  {
    key: 'sunglasses',
    store: 'optics',
    category: 'cat_accessories',
    title: 'Polarized Sunglasses, UV400',
    description: 'Polarized lenses cut road glare when driving.',
    skus: one(9900, 45),
  },
  {
    key: 'red-lipstick',
    store: 'flower',
    category: 'cat_makeup',
    title: 'Red Lipstick, Matte Finish',
    description: 'A true red that lasts eight hours.',
    skus: one(12900, 60),
  },
  {
    key: 'high-heels',
    store: 'lily',
    category: 'cat_womens-shoes',
    title: '红色高跟鞋 细跟 尖头 婚鞋',
    description: '羊皮鞋面，7 厘米细跟。',
    option: '尺码',
    skus: each([
      ['36', 39900, 3],
      ['37', 39900, 0],
      ['38', 39900, 2],
    ]),
  },
  {
    key: 'mens-tshirt',
    store: 'menswear',
    category: 'cat_mens-clothing',
    title: '纯棉T恤 男 短袖 圆领',
    description: '精梳棉，透气不变形。',
    attributes: { 材质: '纯棉' },
    option: '尺码',
    skus: each([
      ['M', 5900, 100],
      ['L', 5900, 80],
      ['XL', 5900, 60],
    ]),
  },
  {
    key: 'mens-shirt-en',
    store: 'menswear',
    category: 'cat_mens-clothing',
    title: "Men's Oxford Shirt, Long Sleeve, Cotton",
    description: 'A button-down collar in soft Oxford cotton.',
    skus: one(19900, 35),
  },
  {
    key: 'down-jacket',
    store: 'menswear',
    category: 'cat_mens-clothing',
    title: '羽绒服 男 加厚 白鸭绒 冬季',
    description: '90% 白鸭绒，防风面料。',
    skus: one(59900, 18),
  },
  {
    key: 'wool-sweater',
    store: 'menswear',
    category: 'cat_mens-clothing',
    title: 'Merino Wool Sweater, Crew Neck',
    description: 'Fine merino that does not itch.',
    skus: one(39900, 0),
  },
  {
    key: 'hoodie',
    store: 'menswear',
    category: 'cat_clothing',
    title: '连帽卫衣 加绒 宽松 情侣款',
    description: '加绒保暖，男女同款。',
    skus: one(12900, 70),
  },
  {
    key: 'kids-tshirt',
    store: 'baby',
    category: 'cat_kids-clothing',
    title: '儿童纯棉T恤 卡通 夏季',
    description: 'A 类婴幼儿面料。',
    skus: one(3900, 120),
  },
  {
    key: 'dress-shoes',
    store: 'leather',
    category: 'cat_mens-shoes',
    title: "Men's Leather Dress Shoes, Oxford",
    description: 'Goodyear-welted calf leather.',
    skus: one(89900, 4),
  },
  {
    key: 'running-shoes',
    store: 'outdoor',
    category: 'cat_mens-shoes',
    title: '男款跑步鞋 缓震 透气 运动鞋',
    description: '轻量中底，透气网面。',
    option: '尺码',
    skus: each([
      ['41', 29900, 10],
      ['42', 29900, 12],
      ['43', 29900, 0],
    ]),
  },
  {
    key: 'running-shoes-en',
    store: 'outdoor',
    category: 'cat_womens-shoes',
    title: "Women's Running Shoes, Lightweight Trail Runners",
    description: 'A grippy outsole for wet trails.',
    skus: one(49900, 16),
  },
  {
    key: 'sports-bra',
    store: 'outdoor',
    category: 'cat_sportswear',
    title: '运动内衣 高强度 防震 跑步',
    description: '高弹面料，跑步跳操不晃动。',
    skus: one(9900, 40),
  },
  {
    key: 'leggings-en',
    store: 'outdoor',
    category: 'cat_sportswear',
    title: 'High Waist Yoga Leggings with Pockets',
    description: 'Squat-proof, four-way stretch.',
    skus: one(15900, 60),
  },

  // Coffee and café
  {
    key: 'cafe-beans',
    store: 'brewlab',
    category: 'cat_food',
    title: 'Café Blend Coffee Beans, Medium Roast 500g',
    description: 'Notes of cocoa and caramel; roasted every week.',
    skus: one(12800, 80),
  },
  {
    key: 'cafe-au-lait-bowl',
    store: 'mei',
    category: 'cat_kitchenware',
    title: 'Café au Lait Bowl, Handmade Ceramic',
    description: 'A wide bowl for milky coffee, glazed by hand.',
    skus: one(6800, 12),
  },
  {
    key: 'cafe-sign',
    store: 'mei',
    category: 'cat_home-decor',
    title: 'Vintage CAFE Tin Sign, Wall Decor',
    description: 'A distressed tin sign for a kitchen or a shop.',
    skus: one(3500, 0),
  },
  {
    key: 'french-press',
    store: 'brewlab',
    category: 'cat_kitchenware',
    title: 'French Press Coffee Maker, 1L Borosilicate Glass',
    description: 'A four-level filter for a clean cup.',
    skus: one(15800, 30),
  },
  {
    key: 'pour-over-kettle',
    store: 'brewlab',
    category: 'cat_kitchenware',
    title: 'Gooseneck Pour-Over Kettle, Stainless Steel',
    description: 'A precise pour for drip brewing.',
    skus: one(22800, 14),
  },
  {
    key: 'cn-drip-coffee',
    store: 'brewlab',
    category: 'cat_food',
    title: '挂耳咖啡 现磨 10片装',
    description: '阿拉比卡豆现磨，热水冲泡即可。',
    skus: one(5900, 200),
  },
  {
    key: 'cn-coffee-beans',
    store: 'teahouse',
    category: 'cat_local-specialties',
    title: '云南小粒咖啡豆 中度烘焙 454g',
    description: '保山高海拔产区，坚果与可可风味。',
    attributes: { 产地: '云南保山' },
    skus: one(6800, 75),
  },
  {
    key: 'coffee-cup',
    store: 'mei',
    category: 'cat_kitchenware',
    title: '咖啡杯 陶瓷 带碟 手工',
    description: '手拉坯陶瓷，每只纹理不同。',
    skus: one(8800, 10),
  },

  // Tea
  {
    key: 'puer-cake',
    store: 'teahouse',
    category: 'cat_tea',
    title: '云南普洱茶 熟茶 357克 七子饼',
    description: '勐海古树原料，渥堆发酵，汤色红浓。',
    attributes: { 产地: '云南勐海', 茶类: '黑茶' },
    skus: one(26800, 40),
  },
  {
    key: 'puer-raw',
    store: 'teahouse',
    category: 'cat_tea',
    title: '普洱生茶 古树 2018年 357g 茶饼',
    description: '勐海古树春茶压制，适合收藏。',
    attributes: { 产地: '云南勐海' },
    skus: one(58800, 12),
  },
  {
    key: 'longjing',
    store: 'teahouse',
    category: 'cat_tea',
    title: '西湖龙井 明前特级 250g 绿茶',
    description: '杭州西湖产区，手工炒制，豆花香。',
    attributes: { 产地: '杭州', 茶类: '绿茶' },
    skus: one(36800, 25),
  },
  {
    key: 'tieguanyin',
    store: 'teahouse',
    category: 'cat_tea',
    title: '安溪铁观音 浓香型 乌龙茶 500g',
    description: '传统炭焙工艺。',
    skus: one(19800, 30),
  },
  {
    key: 'green-tea-en',
    store: 'teahouse',
    category: 'cat_tea',
    title: 'Organic Green Tea, Loose Leaf 100g',
    description: 'Spring-picked leaves from Yunnan, pan-fired.',
    skus: one(8800, 50),
  },
  {
    key: 'flower-tea',
    store: 'teahouse',
    category: 'cat_tea',
    title: '平阴玫瑰花茶 重瓣 花草茶',
    description: '花苞饱满，香气浓郁。',
    skus: one(4900, 0),
  },
  {
    key: 'tea-set',
    store: 'mei',
    category: 'cat_kitchenware',
    title: '功夫茶具套装 陶瓷盖碗 茶杯',
    description: '一壶四杯，景德镇陶瓷。',
    skus: one(25800, 8),
  },
  {
    key: 'tea-cups-en',
    store: 'mei',
    category: 'cat_kitchenware',
    title: 'Ceramic Tea Cups, Set of 6',
    description: 'Small cups for gongfu brewing.',
    skus: one(9800, 20),
  },
  {
    key: 'milk-tea',
    store: 'snack',
    category: 'cat_snacks',
    title: '原味奶茶粉 速溶 1kg',
    description: '冲泡即饮，奶香浓郁。',
    skus: one(3900, 180),
  },

  // Kitchen and home
  {
    key: 'wok',
    store: 'homely',
    category: 'cat_kitchenware',
    title: '铸铁炒锅 32cm 无涂层 家用',
    description: '老式生铁锅，受热均匀，越用越不粘。',
    attributes: { 材质: '铸铁' },
    skus: one(15900, 35),
  },
  {
    key: 'nonstick-pan',
    store: 'homely',
    category: 'cat_kitchenware',
    title: 'Non-stick Frying Pan 28cm, Induction Compatible',
    description: 'A PFOA-free coating and a stay-cool handle.',
    skus: one(19900, 28),
  },
  {
    key: 'chef-knife',
    store: 'homely',
    category: 'cat_kitchenware',
    title: "German Steel Chef's Knife, 8 Inch",
    description: 'A full-tang blade, hand-sharpened to 15 degrees.',
    skus: one(29900, 15),
  },
  {
    key: 'knife-set-cn',
    store: 'homely',
    category: 'cat_kitchenware',
    title: '厨房刀具套装 不锈钢 6件套',
    description: '含菜刀、水果刀、剪刀与刀座。',
    skus: one(25900, 22),
  },
  {
    key: 'silicone-spatula',
    store: 'homely',
    category: 'cat_kitchenware',
    title: '硅胶锅铲 耐高温 不粘锅专用',
    description: '食品级硅胶，耐温 230°C，不伤涂层。',
    attributes: { 材质: '硅胶' },
    skus: one(1990, 300),
  },
  {
    key: 'bedding-set',
    store: 'homely',
    category: 'cat_bedding',
    title: '全棉四件套 床单被套 1.8m床',
    description: '40 支纯棉，亲肤透气。',
    attributes: { 材质: '纯棉' },
    skus: one(29900, 40),
  },
  {
    key: 'down-duvet',
    store: 'homely',
    category: 'cat_bedding',
    title: 'Goose Down Duvet, All Season, King Size',
    description: 'Baffle-box stitching keeps the down even.',
    skus: one(149900, 0),
  },
  {
    key: 'storage-box',
    store: 'homely',
    category: 'cat_storage',
    title: '塑料收纳箱 大号 带盖 衣物整理',
    description: '可叠放，带滑轮。',
    skus: one(4900, 300),
  },
  {
    key: 'storage-baskets',
    store: 'homely',
    category: 'cat_storage',
    title: 'Woven Storage Baskets, Set of 3',
    description: 'Seagrass baskets with handles.',
    skus: one(12900, 25),
  },
  {
    key: 'vase',
    store: 'mei',
    category: 'cat_home-decor',
    title: '陶瓷花瓶 北欧简约 客厅摆件',
    description: '哑光釉面，手工拉坯。',
    skus: one(8900, 14),
  },
  {
    key: 'candles',
    store: 'mei',
    category: 'cat_home-decor',
    title: 'Scented Candles Gift Set, Soy Wax',
    description: 'Three candles: fig, cedar and sea salt.',
    skus: one(15900, 30),
  },
  {
    key: 'desk-lamp',
    store: 'homely',
    category: 'cat_home',
    title: 'LED 护眼台灯 学生宿舍 充电款',
    description: '无频闪，三档色温。',
    skus: one(8900, 80),
  },
  {
    key: 'thermos',
    store: 'homely',
    category: 'cat_kitchenware',
    title: '316不锈钢保温杯 500ml 长效保温',
    description: '12 小时保温，一键开盖。',
    option: '颜色',
    skus: each([
      ['白', 6900, 60],
      ['黑', 6900, 45],
    ]),
  },
  {
    key: 'water-bottle-en',
    store: 'outdoor',
    category: 'cat_outdoor-gear',
    title: 'Insulated Water Bottle 750ml, Stainless Steel',
    description: 'Keeps drinks cold for 24 hours.',
    skus: one(15900, 70),
  },

  // Beauty
  {
    key: 'lipstick-cn',
    store: 'flower',
    category: 'cat_makeup',
    title: '哑光口红 正红色 持久不掉色',
    description: '丝绒哑光质地，显白。',
    option: '色号',
    skus: each([
      ['正红', 9900, 200],
      ['豆沙', 9900, 150],
    ]),
  },
  {
    key: 'foundation',
    store: 'flower',
    category: 'cat_makeup',
    title: '持妆粉底液 遮瑕 油皮适用',
    description: '轻薄控油，12 小时持妆。',
    skus: one(16900, 90),
  },
  {
    key: 'sunscreen',
    store: 'flower',
    category: 'cat_skincare',
    title: '清爽防晒霜 SPF50+ PA++++ 不油腻',
    description: '水感质地，适合通勤与户外。',
    skus: one(8900, 300),
  },
  {
    key: 'sunscreen-en',
    store: 'flower',
    category: 'cat_skincare',
    title: 'Sunscreen SPF 50, Lightweight Face Lotion',
    description: 'Broad-spectrum protection with no white cast.',
    skus: one(12900, 85),
  },
  {
    key: 'moisturizer',
    store: 'flower',
    category: 'cat_skincare',
    title: 'Hyaluronic Acid Moisturizer, 50ml',
    description: 'Deep hydration for dry skin.',
    skus: one(15900, 40),
  },
  {
    key: 'face-mask',
    store: 'flower',
    category: 'cat_skincare',
    title: '玻尿酸补水面膜 10片装',
    description: '密集补水，敷后不黏腻。',
    skus: one(6900, 500),
  },
  {
    key: 'perfume-en',
    store: 'flower',
    category: 'cat_fragrance',
    title: 'Eau de Parfum, Jasmine & Sandalwood 50ml',
    description: 'A warm floral scent.',
    skus: one(49900, 0),
  },
  {
    key: 'perfume-cn',
    store: 'flower',
    category: 'cat_fragrance',
    title: '栀子花淡香水 女士 清新 30ml',
    description: '前调栀子，后调白麝香。',
    skus: one(25900, 35),
  },
  {
    key: 'cleanser',
    store: 'flower',
    category: 'cat_skincare',
    title: '氨基酸洗面奶 温和 敏感肌',
    description: '弱酸性配方，洗后不紧绷。',
    skus: one(5900, 220),
  },

  // Food
  {
    key: 'beef-jerky',
    store: 'snack',
    category: 'cat_local-specialties',
    title: '内蒙古风干牛肉干 500g 手撕',
    description: '草原黄牛肉，风干工艺。',
    option: '口味',
    skus: each([
      ['原味', 8800, 100],
      ['香辣', 8800, 60],
    ]),
  },
  {
    key: 'nuts-mix',
    store: 'snack',
    category: 'cat_snacks',
    title: '每日坚果 混合装 30包',
    description: '六种坚果果干科学配比。',
    skus: one(12900, 200),
  },
  {
    key: 'chocolate-en',
    store: 'snack',
    category: 'cat_snacks',
    title: 'Dark Chocolate Bar, 85% Cocoa',
    description: 'Single-origin cocoa from Ecuador.',
    skus: one(2500, 150),
  },
  {
    key: 'mooncake',
    store: 'snack',
    category: 'cat_local-specialties',
    title: '广式月饼礼盒 双黄白莲蓉',
    description: '中秋送礼佳品，老字号工艺。',
    skus: one(19800, 0),
  },
  {
    key: 'lychee',
    store: 'snack',
    category: 'cat_fresh-produce',
    title: '新鲜荔枝 妃子笑 5斤装 顺丰冷链',
    description: '广东茂名产地直发，当季现摘。',
    skus: one(12800, 0),
  },
  {
    key: 'apples',
    store: 'snack',
    category: 'cat_fresh-produce',
    title: '烟台红富士苹果 10斤 脆甜',
    description: '山东烟台果园直发，果径 80mm 以上。',
    skus: one(5990, 150),
  },
  {
    key: 'chili-sauce',
    store: 'snack',
    category: 'cat_local-specialties',
    title: '贵州油辣椒 拌饭酱 280g',
    description: '香辣下饭。',
    skus: one(1290, 400),
  },
  {
    key: 'noodles-en',
    store: 'snack',
    category: 'cat_snacks',
    title: 'Spicy Instant Noodles, 5-Pack',
    description: 'Chewy noodles with a chili oil sachet.',
    skus: one(2990, 250),
  },

  // Sports and outdoors
  {
    key: 'tent-en',
    store: 'outdoor',
    category: 'cat_outdoor-gear',
    title: 'Camping Tent for 4 Persons, Waterproof',
    description: 'Sets up in five minutes; rainfly included.',
    skus: one(59900, 12),
  },
  {
    key: 'tent-cn',
    store: 'outdoor',
    category: 'cat_outdoor-gear',
    title: '户外帐篷 自动速开 防雨 3-4人',
    description: '免搭建，一秒开帐。',
    skus: one(39900, 0),
  },
  {
    key: 'sleeping-bag',
    store: 'outdoor',
    category: 'cat_outdoor-gear',
    title: 'Down Sleeping Bag, -10°C Comfort',
    description: 'Compresses to the size of a loaf of bread.',
    skus: one(79900, 9),
  },
  {
    key: 'hiking-boots',
    store: 'outdoor',
    category: 'cat_mens-shoes',
    title: "Men's Waterproof Hiking Boots",
    description: 'A Vibram sole and a waterproof membrane.',
    skus: one(89900, 7),
  },
  {
    key: 'yoga-mat',
    store: 'outdoor',
    category: 'cat_fitness',
    title: 'TPE 瑜伽垫 加厚 防滑 初学者',
    description: '6mm 厚度，双面防滑纹理。',
    attributes: { 材质: 'TPE' },
    option: '颜色',
    skus: each([
      ['紫', 7900, 100],
      ['蓝', 7900, 80],
    ]),
  },
  {
    key: 'dumbbells',
    store: 'outdoor',
    category: 'cat_fitness',
    title: 'Adjustable Dumbbells Set, 2 x 20kg',
    description: 'Quick-change weight plates.',
    skus: one(69900, 0),
  },
  {
    key: 'jump-rope',
    store: 'outdoor',
    category: 'cat_fitness',
    title: '计数跳绳 钢丝 健身减脂',
    description: '电子计数，轴承顺滑。',
    skus: one(2990, 300),
  },
  {
    key: 'trekking-poles',
    store: 'outdoor',
    category: 'cat_outdoor-gear',
    title: 'Carbon Trekking Poles, Collapsible (Pair)',
    description: 'Cork grips and flick locks.',
    skus: one(35900, 20),
  },

  // Baby and toys
  {
    key: 'building-blocks',
    store: 'baby',
    category: 'cat_toys',
    title: '拼装积木玩具 城市系列 6岁+',
    description: '兼容主流颗粒，锻炼动手能力。',
    skus: one(19900, 45),
  },
  {
    key: 'plush-panda',
    store: 'baby',
    category: 'cat_toys',
    title: '大熊猫毛绒玩具 公仔 30cm',
    description: '柔软 PP 棉填充。',
    skus: one(6900, 70),
  },
  {
    key: 'wooden-puzzle',
    store: 'baby',
    category: 'cat_toys',
    title: 'Wooden Jigsaw Puzzle for Kids, Animals',
    description: 'Chunky pieces for little hands.',
    skus: one(5900, 40),
  },
  {
    key: 'diapers',
    store: 'baby',
    category: 'cat_baby-care',
    title: '超薄透气纸尿裤 L码 54片',
    description: '干爽不闷，夜用不漏。',
    skus: one(9900, 500),
  },
  {
    key: 'baby-bottle',
    store: 'baby',
    category: 'cat_baby-care',
    title: '宽口径玻璃奶瓶 新生儿 240ml',
    description: '高硼硅玻璃，防胀气奶嘴。',
    skus: one(8900, 60),
  },
  {
    key: 'stroller',
    store: 'baby',
    category: 'cat_baby-care',
    title: 'Lightweight Baby Stroller, Foldable',
    description: 'A one-hand fold that fits in an overhead bin.',
    skus: one(129900, 0),
  },
  {
    key: 'rc-car',
    store: 'baby',
    category: 'cat_toys',
    title: '遥控越野车 充电 儿童玩具',
    description: '四驱越野，2.4G 遥控。',
    skus: one(15900, 30),
  },

  // Crafts, stationery, jewellery
  {
    key: 'fountain-pen',
    store: 'mei',
    category: 'cat_stationery',
    title: 'Brass Fountain Pen, Fine Nib',
    description: 'Solid brass that ages to a warm patina.',
    skus: one(16900, 10),
  },
  {
    key: 'notebook',
    store: 'mei',
    category: 'cat_stationery',
    title: 'A5 笔记本 牛皮纸封面 手账本',
    description: '100 克道林纸，不洇墨。',
    skus: one(2500, 150),
  },
  {
    key: 'calligraphy-brush',
    store: 'mei',
    category: 'cat_stationery',
    title: '狼毫毛笔 书法初学者',
    description: '湖州制笔，锋颖尖齐。',
    skus: one(3900, 80),
  },
  {
    key: 'paper-cut',
    store: 'mei',
    category: 'cat_handicrafts',
    title: '手工剪纸 窗花 福字 春节装饰',
    description: '红宣纸手工剪刻。',
    skus: one(1900, 200),
  },
  {
    key: 'knitting-yarn',
    store: 'mei',
    category: 'cat_handicrafts',
    title: 'Merino Knitting Yarn, 100g',
    description: 'Soft superwash merino.',
    option: 'Colour',
    skus: each([
      ['Cream', 4500, 0],
      ['Grey', 4500, 0],
    ]),
  },
  {
    key: 'silver-necklace',
    store: 'mei',
    category: 'cat_jewellery',
    title: '925银锁骨链 女 简约',
    description: 'S925 银，防过敏。',
    skus: one(12900, 25),
  },
  {
    key: 'pearl-earrings',
    store: 'lily',
    category: 'cat_jewellery',
    title: 'Freshwater Pearl Earrings, Sterling Silver',
    description: 'Hand-picked 8mm pearls.',
    skus: one(25900, 14),
  },
  {
    key: 'jade-bracelet',
    store: 'mei',
    category: 'cat_jewellery',
    title: '和田玉手镯 天然',
    description: '附鉴定证书。',
    skus: one(299900, 0),
  },
  {
    key: 'hair-clip',
    store: 'lily',
    category: 'cat_hair-accessories',
    title: '大号鲨鱼夹 抓夹 发夹',
    description: '哑光质感，不伤发。',
    skus: one(1500, 400),
  },

  // Industrial supplies
  {
    key: 'cartons',
    store: 'factory',
    category: 'cat_packaging',
    title: '快递纸箱 五层特硬 50个',
    description: '搬家打包都适用。',
    option: '规格',
    skus: each([
      ['1号', 8900, 100],
      ['3号', 5900, 300],
    ]),
  },
  {
    key: 'bubble-wrap',
    store: 'factory',
    category: 'cat_packaging',
    title: 'Bubble Wrap Roll, 30cm x 50m',
    description: 'Double-layer bubbles for fragile parcels.',
    skus: one(4900, 80),
  },
  {
    key: 'tape',
    store: 'factory',
    category: 'cat_packaging',
    title: '透明封箱胶带 4.5cm宽 6卷',
    description: '强力粘胶，不易断。',
    skus: one(2900, 600),
  },
  {
    key: 'silicone-raw',
    store: 'factory',
    category: 'cat_raw-materials',
    title: '液体硅胶原料 模具胶 1kg',
    description: 'AB 双组份，翻模专用。',
    attributes: { 材质: '硅胶' },
    skus: one(8900, 50),
  },
  {
    key: 'sewing-machine',
    store: 'factory',
    category: 'cat_equipment',
    title: 'Industrial Sewing Machine, Lockstitch',
    description: 'A direct-drive servo motor.',
    skus: one(259900, 0),
  },
  {
    key: 'label-printer',
    store: 'factory',
    category: 'cat_equipment',
    title: '热敏标签打印机 快递面单',
    description: '支持主流电商平台面单。',
    skus: one(39900, 20),
  },
];

/**
 * Units sold, for the tests that sort by sales. Orders do not exist yet, so such a test writes
 * these into the catalog itself and reindexes; every other product has sold nothing.
 */
export const GOLDEN_SALES: Record<string, number> = {
  'iphone15-silicone-case': 5200,
  'mate60-phone': 1800,
  'huawei-nova': 950,
  'cn-anc-earbuds': 7300,
  'usb-c-cable': 12000,
  'power-bank': 4100,
  'sw-earbuds': 640,
  'pu-handbag': 3300,
  'canvas-tote': 2100,
  'luggage-24': 870,
  'red-dress-floral': 410,
  'mens-tshirt': 9800,
  'down-jacket': 1500,
  'reading-glasses': 260,
  'puer-cake': 330,
  longjing: 720,
  'milk-tea': 5600,
  wok: 480,
  thermos: 6400,
  'face-mask': 15000,
  sunscreen: 8800,
  'lipstick-cn': 4300,
  'beef-jerky': 2600,
  'nuts-mix': 11000,
  lychee: 3900,
  diapers: 20000,
  'yoga-mat': 3100,
  cartons: 45000,
  tape: 30000,
  notebook: 1200,
  'hair-clip': 7700,
};

export function soldOf(product: GoldenProduct): number {
  return GOLDEN_SALES[product.key] ?? 0;
}

const HUAWEI = ['mate60-phone', 'huawei-nova', 'huawei-freebuds', 'huawei-watch', 'huawei-charger'];
const ASUS = ['asus-rog-phone', 'asus-headset', 'asus-charger'];

export const GOLDEN_QUERIES: GoldenQuery[] = [
  // Chinese: two characters
  {
    q: '手机',
    top5: ['mate60-phone', 'huawei-nova', 'xiaomi14', 'iphone15'],
    why: 'Someone typing 手机 wants phones before cases, stands and lanyards that merely mention one.',
  },
  {
    q: '耳机',
    top5: ['huawei-freebuds', 'asus-headset', 'cn-anc-earbuds', 'cn-neckband'],
    absent: ['earmuffs'],
    why: 'Products titled 耳机 first; ear muffs (耳罩) share a character, not a meaning.',
  },
  {
    q: '华为',
    top5: HUAWEI,
    absent: ASUS,
    why: 'Huawei’s own products; 华硕 (ASUS) shares 华 and nothing else.',
  },
  { q: '华硕', top5: ASUS, absent: HUAWEI, why: 'ASUS products, never Huawei.' },
  { q: '龙井', top5: ['longjing'], why: 'The one Longjing tea.' },
  { q: '真丝', top5: ['red-dress-cn', 'qipao', 'silk-scarf', 'silk-pillowcase'], why: 'Every product titled 真丝.' },
  { q: '口红', top5: ['lipstick-cn'], why: 'The lipstick.' },
  { q: '荔枝', top5: ['lychee'], why: 'Sold-out products are still found without in_stock.' },
  { q: '月饼', top5: ['mooncake'], why: 'The mooncake gift box, sold out but findable.' },
  { q: '面膜', top5: ['face-mask'], why: 'The sheet masks.' },
  { q: '香水', top5: ['perfume-cn'], why: '淡香水 is a 香水.' },
  { q: '积木', top5: ['building-blocks'], why: 'The building blocks.' },
  { q: '茶具', top5: ['tea-set'], why: 'The tea set.' },
  { q: '围巾', top5: ['cashmere-scarf'], why: 'The cashmere scarf is titled 围巾.' },
  { q: '剪纸', top5: ['paper-cut'], why: 'Paper cuts.' },
  { q: '咖啡', top5: ['cn-drip-coffee', 'cn-coffee-beans'], why: 'Coffee itself; the coffee cup may follow.' },
  // Chinese: longer words and several words
  {
    q: '手机壳',
    top5: ['iphone15-silicone-case', 'mate60-case', 'xiaomi-clear-case'],
    absent: ['phone-stand', 'phone-lanyard'],
    why: 'Products titled 手机壳 first; a stand (手机支架) or a lanyard (手机挂绳) is not a case.',
  },
  {
    q: '手提包',
    top5: ['leather-handbag', 'leather-tote', 'pu-handbag', 'canvas-tote'],
    absent: ['suitcase'],
    why: 'Handbags; a 手提箱 is a suitcase.',
  },
  {
    q: '手提箱',
    top5: ['suitcase'],
    absent: ['leather-handbag', 'leather-tote', 'pu-handbag', 'canvas-tote'],
    why: 'The suitcase, and no handbags.',
  },
  {
    q: '真皮手提包',
    top5: ['leather-handbag', 'leather-tote'],
    absent: ['suitcase'],
    why: 'Genuine leather handbags; the tote says 手提包 in its title and 真皮 in its description.',
  },
  {
    q: '硅胶防摔手机壳',
    top5: ['iphone15-silicone-case', 'mate60-case'],
    absent: ['silicone-spatula', 'silicone-raw'],
    why: 'Silicone shock-proof phone cases; a silicone spatula or raw silicone is not a case.',
  },
  {
    q: '降噪蓝牙耳机',
    top5: ['cn-anc-earbuds', 'huawei-freebuds'],
    absent: ['bt-speaker-cn'],
    why: 'Noise-cancelling Bluetooth earphones; a Bluetooth speaker is not one.',
  },
  {
    q: '蓝牙耳机',
    top5: ['cn-anc-earbuds', 'cn-neckband', 'huawei-freebuds'],
    absent: ['bt-speaker-cn'],
    why: 'Bluetooth earphones, not speakers.',
  },
  {
    q: '红色连衣裙',
    top5: ['red-dress-cn', 'red-dress-floral'],
    why: 'Red dresses, whether 红色 comes before or after 连衣裙 in the title.',
  },
  { q: '连衣裙', top5: ['red-dress-cn', 'red-dress-floral', 'blue-dress-cn'], why: 'Every dress titled 连衣裙.' },
  {
    q: '普洱茶',
    top5: ['puer-cake', 'puer-raw'],
    absent: ['milk-tea', 'tea-set'],
    why: '普洱生茶 is a 普洱茶 too; milk-tea powder and a tea set are not.',
  },
  { q: '苹果手机', top5: ['iphone15'], absent: ['apples'], why: 'An iPhone, not a box of apples.' },
  { q: '铸铁锅', top5: ['wok'], why: 'A cast-iron wok (铸铁炒锅) is a cast-iron pot.' },
  { q: '充电器', top5: ['huawei-charger', 'asus-charger'], why: 'Chargers.' },
  { q: '数据线', top5: ['usb-c-cable'], why: 'The cable.' },
  { q: '防晒霜', top5: ['sunscreen'], why: 'Sunscreen.' },
  { q: '瑜伽垫', top5: ['yoga-mat'], why: 'The yoga mat.' },
  { q: '帐篷', top5: ['tent-cn'], why: 'The tent titled 帐篷.' },
  { q: '行李箱', top5: ['luggage-24'], why: 'The suitcase titled 行李箱.' },
  { q: '毛绒玩具', top5: ['plush-panda'], why: 'The plush panda.' },
  { q: '纸尿裤', top5: ['diapers'], why: 'Diapers.' },
  { q: '牛肉干', top5: ['beef-jerky'], why: 'Beef jerky.' },
  { q: '笔记本', top5: ['notebook'], why: 'The notebook, ahead of products that mention fitting a laptop (笔记本).' },
  { q: '跑步鞋', top5: ['running-shoes'], why: 'Running shoes, not a running bra.' },
  { q: '羽绒服', top5: ['down-jacket'], why: 'The down jacket.' },
  { q: '儿童书包', top5: ['kids-backpack'], why: 'The school bag.' },
  { q: '手机支架', top5: ['phone-stand'], why: 'The phone stand.' },
  { q: '老花镜', top5: ['reading-glasses-cn'], why: 'Reading glasses.' },
  { q: '保温杯', top5: ['thermos'], why: 'The vacuum flask.' },
  { q: '快递纸箱', top5: ['cartons'], why: 'Shipping cartons.' },
  { q: '男士真皮钱包', top5: ['leather-wallet'], why: 'The men’s leather wallet, with the words in another order than the title.' },
  { q: '云南咖啡', top5: ['cn-coffee-beans'], why: 'Yunnan coffee beans, two words apart in the title.' },
  // Mixed Chinese and English
  { q: 'iphone 手机壳', top5: ['iphone15-silicone-case'], why: 'An iPhone case, not the phone or a screen protector.' },
  { q: 'iPhone 15 硅胶手机壳', top5: ['iphone15-silicone-case'], why: 'The exact title.' },
  { q: '小米 手机壳', top5: ['xiaomi-clear-case'], why: 'The Xiaomi case.' },
  { q: 'ROG 耳机', top5: ['asus-headset'], why: 'The ROG headset.' },
  { q: '华为 耳机', top5: ['huawei-freebuds'], why: 'Huawei earphones.' },
  // English
  { q: 'phone case', top5: ['iphone-case-en', 'phone-cases-pack'], why: 'Phone cases, singular or plural in the title.' },
  { q: 'phone cases', top5: ['iphone-case-en', 'phone-cases-pack'], why: 'The plural finds the singular.' },
  { q: 'iphone case', top5: ['iphone-case-en'], why: 'The iPhone case.' },
  { q: 'CAFÉ', top5: ['cafe-beans', 'cafe-au-lait-bowl', 'cafe-sign'], why: 'Case and accents fold: Café, CAFE.' },
  { q: 'cafe', top5: ['cafe-beans', 'cafe-au-lait-bowl', 'cafe-sign'], why: 'Without the accent too.' },
  { q: 'café au lait', top5: ['cafe-au-lait-bowl'], why: 'The bowl.' },
  {
    q: 'wireless earb',
    top5: ['sw-earbuds', 'sw-sport-earbuds'],
    absent: ['wireless-charger'],
    why: 'The last word is still being typed: earb… is earbuds; a wireless charger is not.',
  },
  { q: 'bluetoth headphones', top5: ['sw-headphones'], why: 'One typo in a long word.' },
  { q: 'headphnes', top5: ['sw-headphones', 'sw-wired', 'kids-headphones-en'], why: 'One typo; every product titled Headphones.' },
  { q: 'headphone', top5: ['sw-headphones', 'sw-wired', 'kids-headphones-en'], why: 'The singular finds the plural.' },
  { q: 'Earbuds', top5: ['sw-earbuds', 'sw-sport-earbuds', 'ear-tips'], why: 'Capitals fold.' },
  {
    q: 'noise cancelling headphones',
    top5: ['sw-headphones'],
    why: 'Cancelling and Cancellation share a stem.',
  },
  { q: 'red dress', top5: ['en-red-dress', 'en-red-evening'], absent: ['reading-glasses'], why: 'Red dresses, not reading glasses.' },
  { q: 'dresses', top5: ['en-red-dress', 'en-red-evening', 'en-black-dress', 'en-dresses'], why: 'The plural finds every dress.' },
  { q: 'reading glasses', top5: ['reading-glasses'], absent: ['en-red-dress'], why: 'Reading glasses, not a red dress.' },
  { q: 'leather handbag', top5: ['en-leather-handbag'], why: 'The leather handbag.' },
  { q: 'tote bags', top5: ['en-tote-bags'], why: 'Tote bags.' },
  { q: 'running shoes', top5: ['running-shoes-en'], why: 'Running shoes.' },
  { q: 'tent', top5: ['tent-en'], why: 'The tent.' },
  { q: 'green tea', top5: ['green-tea-en'], why: 'Green tea.' },
  { q: 'sunscreen spf 50', top5: ['sunscreen-en'], why: 'Sunscreen with its protection factor.' },
  { q: 'yoga leggings', top5: ['leggings-en'], why: 'Yoga leggings.' },
  { q: 'coffee', top5: ['cafe-beans', 'french-press'], why: 'Products titled Coffee.' },
  { q: 'knives', top5: ['chef-knife'], why: 'The plural of knife.' },
  { q: 'stainless steel water bottle', top5: ['water-bottle-en'], why: 'Words in another order than the title.' },
  { q: 'pearl earrings', top5: ['pearl-earrings'], why: 'Pearl earrings.' },
  { q: 'wireless chargers', top5: ['wireless-charger'], why: 'The plural finds the singular.' },
];

// ---------------------------------------------------------------------------------------
// Helpers shared by the tests

export function storeOf(product: GoldenProduct): GoldenStore {
  const store = GOLDEN_STORES.find((candidate) => candidate.key === product.store);
  if (!store) throw new Error(`golden product ${product.key} names an unknown store ${product.store}`);
  return store;
}

export function priceMin(product: GoldenProduct): number {
  return Math.min(...product.skus.map((sku) => sku.price));
}

export function stockTotal(product: GoldenProduct): number {
  return product.skus.reduce((total, sku) => total + sku.stock, 0);
}

/** The body of POST /api/v1/products for a golden product. */
export function productPayload(product: GoldenProduct, storeId: string) {
  return {
    store_id: storeId,
    title: product.title,
    description: product.description,
    category_id: product.category,
    attributes: Object.entries(product.attributes ?? {}).map(([name, value]) => ({ name, value })),
    ...(product.option ? { options: [{ name: product.option, values: product.skus.map((sku) => sku.value ?? '') }] } : {}),
    skus: product.skus.map((sku) => ({ options: sku.value ? [sku.value] : [], price_minor: sku.price, stock: sku.stock, weight_g: 300 })),
    status: 'active',
  };
}

export interface ListedGoldenSet {
  /** Golden store key → store id. */
  storeIds: Map<string, string>;
  /** Golden product key → product id. */
  productIds: Map<string, string>;
  /** Product id → golden product. */
  byId: Map<string, GoldenProduct>;
  /** Product key → its position in the listing order (later is newer). */
  listedAt: Map<string, number>;
  /** Whether the stores API took `ships_to`; when it did not, stores ship to their own country only. */
  shipsTo: boolean;
}

/**
 * Lists the golden set through the real API: every store, then every product in order, one
 * `tick` (a clock step) before each product so that "newest" has one right answer.
 */
export async function listGoldenSet(
  app: Pick<FastifyInstance, 'inject'>,
  headers: Record<string, string>,
  tick: () => void,
): Promise<ListedGoldenSet> {
  const storeIds = new Map<string, string>();
  let shipsTo = true;
  for (const store of GOLDEN_STORES) {
    const payload = {
      name: store.name,
      handle: `golden-${store.key}`,
      description: store.description,
      country: store.country,
      currency: 'CNY',
      type: store.type,
      ...(shipsTo ? { ships_to: store.ships_to } : {}),
    };
    let response = await app.inject({ method: 'POST', url: '/api/v1/stores', headers, payload });
    if (response.statusCode === 400 && shipsTo && response.json().error?.param === 'ships_to') {
      shipsTo = false;
      const { ships_to: _unused, ...withoutShipsTo } = payload;
      response = await app.inject({ method: 'POST', url: '/api/v1/stores', headers, payload: withoutShipsTo });
    }
    if (response.statusCode !== 201) throw new Error(`opening golden store ${store.key} failed: ${response.statusCode} ${response.body}`);
    storeIds.set(store.key, response.json().store.id);
  }
  const productIds = new Map<string, string>();
  const byId = new Map<string, GoldenProduct>();
  const listedAt = new Map<string, number>();
  for (const [index, product] of GOLDEN_PRODUCTS.entries()) {
    tick();
    const storeId = storeIds.get(product.store);
    if (!storeId) throw new Error(`golden product ${product.key} names an unknown store ${product.store}`);
    const response = await app.inject({ method: 'POST', url: '/api/v1/products', headers, payload: productPayload(product, storeId) });
    if (response.statusCode !== 201) {
      throw new Error(`listing golden product ${product.key} failed: ${response.statusCode} ${response.body}`);
    }
    const id = response.json().product.id as string;
    productIds.set(product.key, id);
    byId.set(id, product);
    listedAt.set(product.key, index);
  }
  return { storeIds, productIds, byId, listedAt, shipsTo };
}

/** The countries a golden store ships to, as listed (its own country when ships_to was not taken). */
export function shipsToOf(store: GoldenStore, listed: Pick<ListedGoldenSet, 'shipsTo'>): string[] {
  return listed.shipsTo ? store.ships_to : [store.country];
}
