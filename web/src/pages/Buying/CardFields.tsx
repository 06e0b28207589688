import { useTranslation } from 'react-i18next';
import type { CardInput } from '../../api/buying-types.js';
import { Field } from '../../components/Field.js';

export interface CardValues {
  number: string;
  expiry: string;
  cvc: string;
}

export type CardErrors = Partial<Record<keyof CardValues, string>>;

export const EMPTY_CARD: CardValues = { number: '', expiry: '', cvc: '' };

/** The sandbox provider's test cards: the number decides what happens. */
const TEST_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'sandboxOk' },
  { number: '4000 0000 0000 0002', outcome: 'sandboxDecline' },
  { number: '4000 0000 0000 3220', outcome: 'sandboxAsync' },
] as const;

/** The card as the API takes it, or what is wrong with each field. */
export function parseCard(values: CardValues, now = new Date()): { card?: CardInput; errors: CardErrors } {
  const errors: CardErrors = {};
  const digits = values.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) errors.number = 'card.numberInvalid';
  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(values.expiry);
  const month = expiry ? Number(expiry[1]) : 0;
  const year = expiry ? Number((expiry[2] ?? '').length === 2 ? `20${expiry[2]}` : expiry[2]) : 0;
  const past = year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1);
  if (!expiry || month < 1 || month > 12 || past) errors.expiry = 'card.expiryInvalid';
  if (!/^\d{3,4}$/.test(values.cvc.trim())) errors.cvc = 'card.cvcInvalid';
  if (Object.keys(errors).length > 0) return { errors };
  return { card: { number: digits, exp_month: month, exp_year: year, cvc: values.cvc.trim() }, errors };
}

/** "4242424242424242" typed or pasted → "4242 4242 4242 4242". */
function groupDigits(text: string): string {
  return text
    .replace(/[^\d]/g, '')
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ');
}

function SandboxHint({ onUse }: { onUse: (number: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="sandbox-hint" data-testid="sandbox-hint">
      <p className="sandbox-hint__title">{t('card.sandboxTitle')}</p>
      <p className="sandbox-hint__text">{t('card.sandboxText')}</p>
      <ul className="sandbox-hint__cards">
        {TEST_CARDS.map((card) => (
          <li key={card.number}>
            <button type="button" className="sandbox-hint__use" onClick={() => onUse(card.number)}>
              <code>{card.number}</code>
              <span>{t(`card.${card.outcome}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CardFields({
  values,
  errors,
  onChange,
}: {
  values: CardValues;
  errors: CardErrors;
  onChange: (values: CardValues) => void;
}) {
  const { t } = useTranslation();
  const message = (key: string | undefined) => (key ? t(key as 'card.numberInvalid') : undefined);
  const nextYear = String((new Date().getFullYear() + 2) % 100).padStart(2, '0');
  return (
    <div className="card-fields">
      <SandboxHint onUse={(number) => onChange({ number, expiry: values.expiry || `12/${nextYear}`, cvc: values.cvc || '123' })} />
      <Field
        label={t('card.number')}
        name="card_number"
        inputMode="numeric"
        autoComplete="cc-number"
        placeholder="4242 4242 4242 4242"
        value={values.number}
        onChange={(event) => onChange({ ...values, number: groupDigits(event.target.value) })}
        error={message(errors.number)}
      />
      <div className="form-grid form-grid--always">
        <Field
          label={t('card.expiry')}
          name="card_expiry"
          inputMode="numeric"
          autoComplete="cc-exp"
          placeholder={t('card.expiryPlaceholder')}
          maxLength={7}
          value={values.expiry}
          onChange={(event) => onChange({ ...values, expiry: event.target.value })}
          error={message(errors.expiry)}
        />
        <Field
          label={t('card.cvc')}
          name="card_cvc"
          inputMode="numeric"
          autoComplete="cc-csc"
          maxLength={4}
          value={values.cvc}
          onChange={(event) => onChange({ ...values, cvc: event.target.value.replace(/\D/g, '') })}
          error={message(errors.cvc)}
        />
      </div>
    </div>
  );
}
