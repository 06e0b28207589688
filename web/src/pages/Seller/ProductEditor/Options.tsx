import { type KeyboardEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/Field.js';
import { currencySymbol } from '../../../lib/money.js';
import { EMPTY_SKU, type Errors, MAX_VALUES, type OptionRow, type SkuValues, splitValues } from './model.js';

export function OptionCard({
  option,
  index,
  errors,
  onChange,
  onRemove,
}: {
  option: OptionRow;
  index: number;
  errors: Errors;
  onChange: (option: OptionRow) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [duplicate, setDuplicate] = useState<string>();
  const add = () => {
    const incoming = splitValues(option.pending);
    const fresh = incoming.filter((value, at) => !option.values.includes(value) && incoming.indexOf(value) === at);
    setDuplicate(fresh.length < incoming.length ? t('productEditor.valueRepeated') : undefined);
    onChange({ ...option, values: [...option.values, ...fresh].slice(0, MAX_VALUES), pending: '' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };
  const valuesError = errors[`options.${index}.values`] ?? duplicate;
  return (
    <li className="option-card" data-testid="option-card">
      <div className="option-card__head">
        <Field
          label={t('productEditor.optionName')}
          name={`options.${index}.name`}
          maxLength={20}
          value={option.name}
          placeholder={t('productEditor.optionNamePlaceholder')}
          onChange={(event) => onChange({ ...option, name: event.target.value })}
          error={errors[`options.${index}.name`]}
          className="field--compact option-card__name"
        />
        <button type="button" className="btn btn--danger btn--small option-card__remove" onClick={onRemove}>
          {t('productEditor.removeOption')}
        </button>
      </div>
      {option.values.length > 0 ? (
        <ul className="option-values" aria-label={t('productEditor.optionValuesOf', { name: option.name || index + 1 })}>
          {option.values.map((value) => (
            <li key={value} className="option-value">
              <span>{value}</span>
              <button
                type="button"
                onClick={() => onChange({ ...option, values: option.values.filter((other) => other !== value) })}
                aria-label={t('productEditor.removeValue', { value })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="option-card__add">
        <Field
          label={t('productEditor.addValueLabel')}
          name={`options.${index}.values`}
          maxLength={200}
          value={option.pending}
          placeholder={t('productEditor.valuePlaceholder')}
          onChange={(event) => onChange({ ...option, pending: event.target.value })}
          onKeyDown={onKeyDown}
          enterKeyHint="done"
          error={valuesError}
          hint={t('productEditor.valueHint')}
          className="field--compact"
        />
        <button
          type="button"
          className="btn btn--secondary btn--small option-card__add-button"
          onClick={add}
          disabled={!option.pending.trim()}
        >
          {t('productEditor.addValue')}
        </button>
      </div>
    </li>
  );
}

export function SkuFields({
  comboLabel,
  fieldKey,
  values,
  onChange,
  errors,
  currency,
  stockNote,
}: {
  comboLabel: string;
  fieldKey: string;
  values: SkuValues;
  onChange: (values: SkuValues) => void;
  errors: Errors;
  currency: string;
  /** For a saved product, stock moves on the stock page: the note replaces the input. */
  stockNote?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const symbol = currencySymbol(currency, i18n.language);
  const label = (name: string) => (comboLabel ? `${comboLabel} ${name}` : name);
  return (
    <div className="sku-fields">
      <Field
        label={t('productEditor.price', { symbol })}
        aria-label={label(t('productEditor.priceShort'))}
        name={`sku:${fieldKey}:price`}
        inputMode="decimal"
        autoComplete="off"
        placeholder="0.00"
        value={values.price}
        onChange={(event) => onChange({ ...values, price: event.target.value })}
        error={errors[`sku:${fieldKey}:price`]}
        className="field--compact"
        data-testid="sku-price"
      />
      {stockNote ? (
        <div className="field field--compact sku-fields__stock-note">
          <span className="field__label">{t('productEditor.stock')}</span>
          {stockNote}
        </div>
      ) : (
        <Field
          label={t('productEditor.stock')}
          aria-label={label(t('productEditor.stock'))}
          name={`sku:${fieldKey}:stock`}
          inputMode="numeric"
          autoComplete="off"
          placeholder="0"
          value={values.stock}
          onChange={(event) => onChange({ ...values, stock: event.target.value })}
          error={errors[`sku:${fieldKey}:stock`]}
          className="field--compact"
          data-testid="sku-stock"
        />
      )}
      <Field
        label={t('productEditor.weight')}
        aria-label={label(t('productEditor.weight'))}
        name={`sku:${fieldKey}:weight`}
        inputMode="numeric"
        autoComplete="off"
        placeholder="0"
        value={values.weight}
        onChange={(event) => onChange({ ...values, weight: event.target.value })}
        error={errors[`sku:${fieldKey}:weight`]}
        className="field--compact"
        data-testid="sku-weight"
      />
    </div>
  );
}

export function BatchFill({
  onApply,
  currency,
  editStock,
}: {
  onApply: (values: SkuValues) => void;
  currency: string;
  editStock: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<SkuValues>(EMPTY_SKU);
  const symbol = currencySymbol(currency, i18n.language);
  return (
    <div className="batch-fill">
      <p className="batch-fill__title">{t('productEditor.batchTitle')}</p>
      <div className="sku-fields">
        <Field
          label={t('productEditor.price', { symbol })}
          name="batch-price"
          inputMode="decimal"
          autoComplete="off"
          value={values.price}
          onChange={(event) => setValues({ ...values, price: event.target.value })}
          className="field--compact"
        />
        {editStock ? (
          <Field
            label={t('productEditor.stock')}
            name="batch-stock"
            inputMode="numeric"
            autoComplete="off"
            value={values.stock}
            onChange={(event) => setValues({ ...values, stock: event.target.value })}
            className="field--compact"
          />
        ) : null}
        <Field
          label={t('productEditor.weight')}
          name="batch-weight"
          inputMode="numeric"
          autoComplete="off"
          value={values.weight}
          onChange={(event) => setValues({ ...values, weight: event.target.value })}
          className="field--compact"
        />
      </div>
      <button
        type="button"
        className="btn btn--secondary btn--small"
        onClick={() => onApply(values)}
        disabled={!values.price && !values.stock && !values.weight}
      >
        {t('productEditor.applyToAll')}
      </button>
    </div>
  );
}
