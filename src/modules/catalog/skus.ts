import { AppError } from '../../kernel/errors.js';

/**
 * Options generate SKUs: colour × size gives one SKU per combination. These pure functions
 * enumerate the combinations and check that a product's SKUs cover each exactly once.
 */
export interface ProductOption {
  name: string;
  values: string[];
}

export const MAX_COMBINATIONS = 200;

export function combinations(options: readonly ProductOption[]): string[][] {
  return options.reduce<string[][]>(
    (partial, option) => partial.flatMap((prefix) => option.values.map((value) => [...prefix, value])),
    [[]],
  );
}

const keyOf = (values: readonly string[]) => JSON.stringify(values);

/** Throws `invalid_skus` naming the first SKU (or the list) that does not fit the options. */
export function checkSkuCoverage(options: readonly ProductOption[], skuValues: readonly (readonly string[])[]): void {
  const names = options.map((option) => option.name);
  if (new Set(names).size !== names.length) throw new AppError('invalid_skus', { param: 'options', message: 'Option names must differ.' });
  options.forEach((option, index) => {
    if (new Set(option.values).size !== option.values.length) {
      throw new AppError('invalid_skus', { param: `options.${index}.values`, message: `The values of “${option.name}” must differ.` });
    }
  });
  const expected = combinations(options);
  if (expected.length > MAX_COMBINATIONS) {
    throw new AppError('invalid_skus', { param: 'options', message: `At most ${MAX_COMBINATIONS} option combinations.` });
  }
  const wanted = new Set(expected.map(keyOf));
  const seen = new Set<string>();
  skuValues.forEach((values, index) => {
    const key = keyOf(values);
    if (!wanted.has(key)) {
      throw new AppError('invalid_skus', {
        param: `skus.${index}.options`,
        message: `SKU ${index + 1} (${values.join(' / ') || 'no options'}) is not a combination of the options.`,
      });
    }
    if (seen.has(key))
      throw new AppError('invalid_skus', { param: `skus.${index}.options`, message: `SKU ${index + 1} repeats ${values.join(' / ')}.` });
    seen.add(key);
  });
  const missing = expected.find((values) => !seen.has(keyOf(values)));
  if (missing)
    throw new AppError('invalid_skus', {
      param: 'skus',
      message: `No SKU for ${missing.join(' / ')}: each combination needs a price and stock.`,
    });
}
