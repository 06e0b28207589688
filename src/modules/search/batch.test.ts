import { describe, expect, it } from 'vitest';
import { isVocabularyWord } from './analyzer.js';
import { batchAnalysis, vocabulary } from './batch.js';
import { indexDocument, packDocument } from './document.js';

const store = { name: '小美的店 Mei Shop', type: 'individual', ships_to: '["CN","US"]' };
const path = [{ id: 'cat_phone-cases', name_zh: '手机壳', name_en: 'Phone cases' }];
const product = (id: string, title: string, sold = 0) => ({
  id,
  store_id: 'sto_1',
  title,
  description: '防摔硅胶 soft silicone, fits iPhone 15',
  attributes: '[{"name":"颜色","value":"红色"}]',
  options: '[]',
  category_id: 'cat_phone-cases',
  currency: 'CNY',
  price_min_minor: 2990,
  stock_total: 5,
  sold_count: sold,
  created_at: '2026-12-01T00:00:00Z',
});

describe('vocabulary words', () => {
  it('are words of letters, never Chinese or numbers', () => {
    expect(['red', 'café', 'смартфон'].map(isVocabularyWord)).toEqual([true, true, true]);
    expect(['手机', '2026', 'a', '㐀㐁', '龥龥', '_c_cat'].map(isVocabularyWord)).toEqual([false, false, false, false, false, false]);
  });

  it('are each document’s distinct words', () => {
    expect(vocabulary({ title: ['red', '红色', 'red', 'case'], body: ['case', 'soft', '15'] })).toEqual(['red', 'case', 'soft']);
  });
});

describe('a bulk load’s analysis', () => {
  it('packs each document as the engine stores it and counts words over every batch', () => {
    const analysis = batchAnalysis();
    const input = (products: ReturnType<typeof product>[], dialect: 'sqlite' | 'postgres') => ({
      products,
      stores: { sto_1: store },
      paths: { 'cat_phone-cases': path },
      dialect,
    });
    const [first] = analysis.analyze(input([product('prd_1', '红色 silicone case', 3)], 'sqlite'));
    const [second] = analysis.analyze(input([product('prd_2', 'clear case')], 'postgres'));
    expect(first?.title_tokens.split(' ')).toEqual(expect.arrayContaining(['红色', 'silicone', 'case']));
    expect(first?.title_length).toBe(first?.title_tokens.split(' ').length);
    expect(first?.facets_text).toBe('_c_cat_phone_cases _t_individual _s_cn _s_us _p24 _q6 _r1');
    expect(first?.tsv).toBeNull();
    expect(second?.tsv).toContain("'clear':1A");
    expect(second?.tsv).not.toContain("'_v");
    expect(new Map(analysis.terms()).get('case')).toBe(2);
    expect(new Map(analysis.terms()).get('silicone')).toBe(2);
  });

  it('gives a single write the same document as a bulk load', () => {
    const source = product('prd_3', '真皮手提包', 40);
    const [bulk] = batchAnalysis().analyze({
      products: [source],
      stores: { sto_1: store },
      paths: { 'cat_phone-cases': path },
      dialect: 'postgres',
    });
    expect(packDocument(indexDocument(source, store, path), 'postgres')).toEqual(bulk);
  });
});
