import { createRequire } from 'node:module';
import type { Segmenter } from './query.js';

type Jieba = {
  cut(text: string, hmm?: boolean): string[];
  cut_for_search(text: string, hmm?: boolean): string[];
  add_word(word: string, freq?: number): number;
};

let jieba: Jieba | undefined;

function load(): Jieba {
  if (!jieba) {
    jieba = createRequire(import.meta.url)('jieba-wasm') as Jieba;
    for (const word of SHOP_WORDS) jieba.add_word(word, 20_000);
  }
  return jieba;
}

/**
 * Chinese word segmentation for queries (jieba, compiled to WebAssembly so it installs
 * everywhere). Loaded on the first Chinese query: ~80 ms and ~60 MB that a shop without
 * Chinese searches never pays. Shop words the dictionary lacks are added once.
 */
export const segment: Segmenter = (han) => load().cut(han, true);

/** The dictionary words inside a compound (普洱茶 → 普洱), from jieba's search mode. */
export const subwords = (word: string): string[] =>
  load()
    .cut_for_search(word, true)
    .filter((part) => part.length < word.length);

/**
 * Single shop words jieba's general dictionary splits. Compounds (手机壳, 蓝牙耳机) stay
 * out on purpose: split into their words they also find 手机保护壳 and 蓝牙无线耳机.
 */
const SHOP_WORDS = ['防摔', '降噪', '包邮', '真皮', '硅胶', '华为', '小米', '华硕'];
