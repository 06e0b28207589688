import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dispute, DisputeOutcome } from '../../api/buying-types.js';
import { useDecideDispute } from '../../api/money.js';
import { Field, TextAreaField } from '../../components/Field.js';
import { FormAlert } from '../../components/Status.js';
import { errorMessage } from '../../i18n/index.js';
import { parseMoneyInput } from '../../lib/money.js';

const OUTCOMES: readonly DisputeOutcome[] = ['refund_full', 'refund_partial', 'release'];

/** The operator's decision: refund in full, refund part (an amount), or release the money to the seller. */
export function DecideForm({ dispute }: { dispute: Dispute }) {
  const { t } = useTranslation();
  const decide = useDecideDispute(dispute.id);
  const [outcome, setOutcome] = useState<DisputeOutcome>('refund_full');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ amount?: string; note?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const minor = outcome === 'refund_partial' ? parseMoneyInput(amount, dispute.currency) : undefined;
    const found: typeof errors = {};
    if (outcome === 'refund_partial' && !minor) found.amount = t('validation.invalid');
    if (!note.trim()) found.note = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    decide.mutate({ outcome, note: note.trim(), ...(minor ? { amount_minor: minor } : {}) });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="decide-title" data-testid="decide-form">
      <h2 id="decide-title" className="card__title">
        {t('disputes.decideTitle')}
      </h2>
      <FormAlert message={decide.error ? errorMessage(t, decide.error) : undefined} />
      <fieldset className="kind-options">
        <legend className="field__label">{t('disputes.outcome')}</legend>
        {OUTCOMES.map((option) => (
          <label key={option} className={`address-option${outcome === option ? ' address-option--checked' : ''}`}>
            <input type="radio" name="outcome" checked={outcome === option} onChange={() => setOutcome(option)} />
            <span className="address-option__who">{t(`disputes.outcomes.${option}`)}</span>
          </label>
        ))}
      </fieldset>
      {outcome === 'refund_partial' ? (
        <Field
          label={t('disputes.partialAmount')}
          name="amount"
          inputMode="decimal"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          error={errors.amount}
        />
      ) : null}
      <TextAreaField
        label={t('disputes.decisionNote')}
        name="note"
        hint={t('disputes.decisionNoteHint')}
        maxLength={1000}
        rows={3}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        error={errors.note}
      />
      <button type="submit" className="btn btn--primary" disabled={decide.isPending}>
        {decide.isPending ? t('disputes.deciding') : t('disputes.decide')}
      </button>
    </form>
  );
}
