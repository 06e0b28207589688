import type { Product } from '../../../api/types.js';
import { minorToDecimal } from '../../../lib/money.js';
import { comboKey } from '../../../lib/skus.js';

export const MAX_PHOTOS = 12;
export const MAX_ATTRIBUTES = 30;
export const MAX_VALUES = 30;

let counter = 0;
export const key = (prefix: string) => `${prefix}-${++counter}`;

export interface AttributeRow {
  key: string;
  name: string;
  value: string;
}

export interface OptionRow {
  key: string;
  name: string;
  values: string[];
  pending: string;
}

export interface SkuValues {
  price: string;
  stock: string;
  weight: string;
}

export interface LocalPhoto {
  key: string;
  file: File;
  url: string;
}

export type Errors = Record<string, string>;

export const EMPTY_SKU: SkuValues = { price: '', stock: '', weight: '' };

/** Splits "红，蓝、绿" as typed or pasted into separate values. */
export function splitValues(text: string): string[] {
  return text
    .split(/[,，、;；\n]/)
    .map((value) => value.trim())
    .filter(Boolean);
}

export function skuValuesOf(product: Product | undefined, currency: string): Record<string, SkuValues> {
  const values: Record<string, SkuValues> = {};
  for (const sku of product?.skus ?? []) {
    values[comboKey(sku.options)] = {
      price: minorToDecimal(sku.price_minor, currency),
      stock: String(sku.stock),
      weight: String(sku.weight_g),
    };
  }
  return values;
}

export interface Outcome {
  created?: 'draft' | 'active';
  photoFailures?: number;
}
