import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Product } from '../../../api/types.js';
import { comboKey, MAX_OPTIONS } from '../../../lib/skus.js';
import { sellerPath } from '../context.js';
import { EMPTY_SKU, type Errors, key, type OptionRow, type SkuValues } from './model.js';
import { BatchFill, OptionCard, SkuFields } from './Options.js';

/** The options a product comes in and a price, stock and weight for each combination of them. */
export function SkusSection({
  storeId,
  product,
  currency,
  options,
  setOptions,
  combos,
  tooMany,
  skuValues,
  setSku,
  applyToAll,
  errors,
  clearError,
}: {
  storeId: string;
  product: Product | undefined;
  currency: string;
  options: OptionRow[];
  setOptions: Dispatch<SetStateAction<OptionRow[]>>;
  combos: readonly (readonly string[])[];
  tooMany: boolean;
  skuValues: Record<string, SkuValues>;
  setSku: (combo: string, values: SkuValues) => void;
  applyToAll: (values: SkuValues) => void;
  errors: Errors;
  clearError: (name: string) => void;
}) {
  const { t } = useTranslation();
  const editing = product !== undefined;
  const addOption = (name = '') =>
    setOptions((current) =>
      current.length >= MAX_OPTIONS ? current : [...current, { key: key('option'), name, values: [], pending: '' }],
    );
  const suggestions = t('productEditor.optionSuggestions')
    .split('|')
    .filter((name) => !options.some((option) => option.name.trim() === name));
  return (
    <section className="card editor-card" aria-labelledby="skus-title">
      <h2 id="skus-title" className="card__title">
        {t('productEditor.skus')}
      </h2>
      <p className="card__hint">{editing ? t('productEditor.skusEditHint') : t('productEditor.skusHint')}</p>
      {editing ? (
        options.length > 0 ? (
          <ul className="option-summary">
            {options.map((option) => (
              <li key={option.key}>
                <strong>{option.name}</strong>: {option.values.join(t('common.listSeparator'))}
              </li>
            ))}
          </ul>
        ) : null
      ) : (
        <>
          {options.length > 0 ? (
            <ol className="option-cards">
              {options.map((option, index) => (
                <OptionCard
                  key={option.key}
                  option={option}
                  index={index}
                  errors={errors}
                  onChange={(next) => {
                    setOptions((current) => current.map((other) => (other.key === option.key ? next : other)));
                    clearError(`options.${index}.name`);
                    clearError(`options.${index}.values`);
                    clearError('options');
                  }}
                  onRemove={() => setOptions((current) => current.filter((other) => other.key !== option.key))}
                />
              ))}
            </ol>
          ) : null}
          {options.length < MAX_OPTIONS ? (
            <div className="option-adders">
              {suggestions.map((name) => (
                <button key={name} type="button" className="chip" onClick={() => addOption(name)}>
                  + {name}
                </button>
              ))}
              <button type="button" className="chip" onClick={() => addOption()} data-testid="add-option">
                + {t('productEditor.customOption')}
              </button>
            </div>
          ) : null}
        </>
      )}
      {errors.options ? (
        <p className="field__error" data-field-error="options" role="alert">
          {errors.options}
        </p>
      ) : null}
      {combos.length > 1 && !tooMany ? <BatchFill onApply={applyToAll} currency={currency} editStock={!editing} /> : null}
      {tooMany ? null : (
        <ul className="sku-rows" aria-label={t('productEditor.skuList')}>
          {combos.map((combo) => {
            const id = comboKey(combo);
            const sku = product?.skus.find((candidate) => comboKey(candidate.options) === id);
            return (
              <li key={id} className="sku-row" data-testid="sku-row" data-combo={combo.join('/')}>
                {combo.length > 0 ? <p className="sku-row__label">{combo.join(' / ')}</p> : null}
                <SkuFields
                  comboLabel={combo.join(' / ')}
                  fieldKey={id}
                  values={skuValues[id] ?? EMPTY_SKU}
                  onChange={(values) => setSku(id, values)}
                  errors={errors}
                  currency={currency}
                  stockNote={
                    sku && product ? (
                      <p className="sku-fields__stock">
                        <strong>{sku.stock}</strong>{' '}
                        <Link to={sellerPath(storeId, `products/${product.id}/stock`)}>{t('productEditor.adjustStock')}</Link>
                      </p>
                    ) : undefined
                  }
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
