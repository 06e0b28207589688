import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { useRequestPayout } from '../../api/money.js';
import { Field } from '../../components/Field.js';
import { focusFirstInvalid } from '../../components/forms.js';
import { FormAlert } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { errorMessage } from '../../i18n/index.js';
import { parseMoneyInput } from '../../lib/money.js';

type Name = 'amount' | 'holder' | 'bank' | 'account';

/** Withdraws from the store's available balance to a bank account. */
export function PayoutForm({ storeId, currency, available }: { storeId: string; currency: string; available: number }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const request = useRequestPayout();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Record<Name, string>>({ amount: '', holder: '', bank: '', account: '' });
  const [errors, setErrors] = useState<Partial<Record<Name | 'form', string>>>({});
  const [done, setDone] = useState<string>();
  const set = (name: Name) => (event: { target: { value: string } }) => setValues((old) => ({ ...old, [name]: event.target.value }));

  if (available <= 0 && !done) {
    return (
      <section className="card" aria-labelledby="payout-title" data-testid="payout-form">
        <h2 id="payout-title" className="card__title">
          {t('payouts.title')}
        </h2>
        <p className="card__hint">{t('payouts.nothing')}</p>
      </section>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    const minor = parseMoneyInput(values.amount, currency);
    const account = values.account.replace(/[\s-]/g, '');
    const found: typeof errors = {};
    if (!minor) found.amount = t('wallet.amountInvalid');
    else if (minor > available) found.amount = t('errors.insufficient_funds');
    if (!values.holder.trim()) found.holder = t('validation.required');
    if (!values.bank.trim()) found.bank = t('validation.required');
    if (!/^[A-Za-z0-9]{4,40}$/.test(account)) found.account = t('payouts.accountInvalid');
    setErrors(found);
    if (Object.keys(found).length > 0 || !minor) return focusFirstInvalid(formRef.current);
    const input = {
      store_id: storeId,
      amount_minor: minor,
      currency,
      bank_account: { holder_name: values.holder.trim(), bank_name: values.bank.trim(), account_number: account },
    };
    request.mutate(input, {
      onSuccess: () => {
        setValues((old) => ({ ...old, amount: '' }));
        setDone(t('payouts.requested'));
      },
      onError: (error) => {
        const code = isApiError(error) ? error.code : '';
        if (code === 'amount_too_small' || code === 'insufficient_funds') setErrors({ amount: errorMessage(t, error) });
        else if (isApiError(error) && error.status === 404) setErrors({ form: t('payouts.notAvailable') });
        else setErrors({ form: errorMessage(t, error) });
        focusFirstInvalid(formRef.current);
      },
    });
  };

  return (
    <form ref={formRef} className="card form" onSubmit={submit} noValidate aria-labelledby="payout-title" data-testid="payout-form">
      <div>
        <h2 id="payout-title" className="card__title">
          {t('payouts.title')}
        </h2>
        <p className="card__hint">
          {t('payouts.lead')} {t('payouts.available', { amount: money(available, currency) })}
        </p>
      </div>
      <FormAlert message={errors.form} />
      <Field
        label={t('payouts.amount')}
        name="amount"
        inputMode="decimal"
        value={values.amount}
        onChange={set('amount')}
        error={errors.amount}
      />
      <div className="form-grid">
        <Field
          label={t('payouts.holder')}
          name="holder"
          autoComplete="name"
          maxLength={60}
          value={values.holder}
          onChange={set('holder')}
          error={errors.holder}
        />
        <Field label={t('payouts.bank')} name="bank" maxLength={60} value={values.bank} onChange={set('bank')} error={errors.bank} />
      </div>
      <Field
        label={t('payouts.account')}
        name="account"
        inputMode="numeric"
        autoComplete="off"
        value={values.account}
        onChange={set('account')}
        error={errors.account}
      />
      <div className="form-buttons">
        <button type="submit" className="btn btn--primary" disabled={request.isPending}>
          {request.isPending ? t('payouts.submitting') : t('payouts.submit')}
        </button>
        {done ? (
          <span className="status-text" role="status">
            {done}
          </span>
        ) : null}
      </div>
    </form>
  );
}
