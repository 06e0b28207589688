/** Options generate SKUs: colour × size gives one SKU per combination, in option order. */
export interface OptionInput {
  name: string;
  values: string[];
}

export function combinations(options: readonly OptionInput[]): string[][] {
  return options.reduce<string[][]>(
    (partial, option) => partial.flatMap((prefix) => option.values.map((value) => [...prefix, value])),
    [[]],
  );
}

export const comboKey = (values: readonly string[]) => JSON.stringify(values);

export const MAX_COMBINATIONS = 200;
export const MAX_OPTIONS = 3;
