import { useTranslation } from 'react-i18next';
import type { ProductOption, Sku } from '../../api/types.js';

export type Selection = (string | null)[];

/** Whether choosing `value` for option `index` can still lead to a SKU in stock, given the other choices. */
export function canChoose(skus: readonly Sku[], selection: Selection, index: number, value: string): boolean {
  return skus.some(
    (sku) =>
      sku.stock > 0 &&
      sku.options[index] === value &&
      sku.options.every((chosen, other) => other === index || selection[other] == null || selection[other] === chosen),
  );
}

export function chosenSku(skus: readonly Sku[], options: readonly ProductOption[], selection: Selection): Sku | undefined {
  if (options.length === 0) return skus[0];
  if (selection.some((value) => value == null)) return undefined;
  return skus.find((sku) => sku.options.every((value, index) => selection[index] === value));
}

export function SkuPicker({
  options,
  skus,
  selection,
  onChange,
}: {
  options: readonly ProductOption[];
  skus: readonly Sku[];
  selection: Selection;
  onChange: (next: Selection) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="sku-picker">
      {options.map((option, index) => (
        <fieldset key={option.name} className="sku-picker__option">
          <legend className="sku-picker__name">
            {option.name}
            {selection[index] ? <span className="sku-picker__chosen">{selection[index]}</span> : null}
          </legend>
          <div className="sku-picker__values">
            {option.values.map((value) => {
              const selected = selection[index] === value;
              const available = canChoose(skus, selection, index, value);
              return (
                <button
                  key={value}
                  type="button"
                  className="sku-chip"
                  aria-pressed={selected}
                  disabled={!available && !selected}
                  title={!available ? t('product.unavailable') : undefined}
                  onClick={() => {
                    const next = [...selection];
                    next[index] = selected ? null : value;
                    onChange(next);
                  }}
                >
                  {value}
                  {!available && !selected ? <span className="visually-hidden">{t('product.unavailable')}</span> : null}
                </button>
              );
            })}
          </div>
        </fieldset>
      ))}
    </div>
  );
}
