import { useTranslation } from 'react-i18next';
import { useCategories } from '../../../api/catalog.js';
import { Field, SelectField } from '../../../components/Field.js';
import { errorMessage } from '../../../i18n/index.js';
import { categoryName, categoryTree } from '../../../lib/categories.js';
import { type AttributeRow, type Errors, key, MAX_ATTRIBUTES } from './model.js';

export function CategorySelect({ value, onChange, error }: { value: string; onChange: (id: string) => void; error?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const tree = categories.data ? categoryTree(categories.data) : undefined;
  return (
    <SelectField
      label={t('productEditor.category')}
      name="category_id"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error ?? (categories.isError ? errorMessage(t, categories.error) : undefined)}
      required
    >
      <option value="" disabled>
        {categories.isPending ? t('common.loading') : t('productEditor.chooseCategory')}
      </option>
      {tree?.roots.map((root) => {
        const children = tree.childrenOf(root.id);
        if (children.length === 0) {
          return (
            <option key={root.id} value={root.id}>
              {categoryName(root, i18n.language)}
            </option>
          );
        }
        return (
          <optgroup key={root.id} label={categoryName(root, i18n.language)}>
            {children.map((child) => (
              <option key={child.id} value={child.id}>
                {categoryName(child, i18n.language)}
              </option>
            ))}
          </optgroup>
        );
      })}
    </SelectField>
  );
}

export function AttributesEditor({
  rows,
  onChange,
  errors,
}: {
  rows: AttributeRow[];
  onChange: (rows: AttributeRow[]) => void;
  errors: Errors;
}) {
  const { t } = useTranslation();
  const change = (row: AttributeRow, changes: Partial<AttributeRow>) =>
    onChange(rows.map((other) => (other.key === row.key ? { ...row, ...changes } : other)));
  return (
    <section className="card editor-card" aria-labelledby="attributes-title">
      <h2 id="attributes-title" className="card__title">
        {t('productEditor.attributes')}
      </h2>
      <p className="card__hint">{t('productEditor.attributesHint')}</p>
      {rows.length > 0 ? (
        <ul className="attribute-rows">
          {rows.map((row, index) => (
            <li key={row.key} className="attribute-row">
              <Field
                label={t('productEditor.attributeName')}
                name={`attr:${row.key}:name`}
                maxLength={30}
                value={row.name}
                placeholder={index === 0 ? t('productEditor.attributeNamePlaceholder') : undefined}
                onChange={(event) => change(row, { name: event.target.value })}
                error={errors[`attr:${row.key}:name`]}
                className="field--compact"
              />
              <Field
                label={t('productEditor.attributeValue')}
                name={`attr:${row.key}:value`}
                maxLength={100}
                value={row.value}
                placeholder={index === 0 ? t('productEditor.attributeValuePlaceholder') : undefined}
                onChange={(event) => change(row, { value: event.target.value })}
                error={errors[`attr:${row.key}:value`]}
                className="field--compact"
              />
              <button
                type="button"
                className="icon-button attribute-row__remove"
                onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
                aria-label={t('productEditor.removeAttribute', { index: index + 1 })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        className="btn btn--secondary btn--small editor-card__add"
        disabled={rows.length >= MAX_ATTRIBUTES}
        onClick={() => onChange([...rows, { key: key('attr'), name: '', value: '' }])}
      >
        + {t('productEditor.addAttribute')}
      </button>
    </section>
  );
}
