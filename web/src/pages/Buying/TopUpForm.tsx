import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buyingKeys, usePayment } from '../../api/buying.js';
import { isApiError } from '../../api/client.js';
import { useTopUp } from '../../api/money.js';
import { Field } from '../../components/Field.js';
import { FormAlert } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { errorMessage } from '../../i18n/index.js';
import { parseMoneyInput } from '../../lib/money.js';
import { type CardErrors, CardFields, EMPTY_CARD, parseCard } from './CardFields.js';

function PendingTopUp({ paymentId, onDone }: { paymentId: string; onDone: (ok: boolean) => void }) {
  const { t } = useTranslation();
  const payment = usePayment(paymentId);
  const state = payment.data?.state;
  useEffect(() => {
    if (state === 'succeeded' || state === 'failed') onDone(state === 'succeeded');
  }, [state, onDone]);
  return (
    <p className="pending-line" role="status">
      <span className="spinner" aria-hidden="true" /> {t('wallet.topUpPending')}
    </p>
  );
}

/** Adds money to the wallet from a card (the sandbox's test cards). */
export function TopUpForm({ currency, onDone }: { currency: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const queryClient = useQueryClient();
  const topUp = useTopUp();
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string>();
  const [card, setCard] = useState(EMPTY_CARD);
  const [cardErrors, setCardErrors] = useState<CardErrors>({});
  const [formError, setFormError] = useState<string>();
  const [pendingId, setPendingId] = useState<string>();
  const [status, setStatus] = useState<string>();
  const minor = parseMoneyInput(amount, currency);

  const finished = (ok: boolean) => {
    setPendingId(undefined);
    void queryClient.invalidateQueries({ queryKey: buyingKeys.wallet });
    if (ok) {
      setStatus(t('wallet.toppedUp'));
      setAmount('');
      onDone?.();
    } else setFormError(t('pay.declined'));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    setStatus(undefined);
    const parsed = parseCard(card);
    setCardErrors(parsed.errors);
    setAmountError(minor && minor > 0 ? undefined : t('wallet.amountInvalid'));
    if (!parsed.card || !minor) return;
    topUp.mutate(
      { amount_minor: minor, currency, card: parsed.card },
      {
        onSuccess: (payment) => (payment.state === 'pending' ? setPendingId(payment.id) : finished(payment.state === 'succeeded')),
        onError: (error) =>
          setFormError(isApiError(error) && error.code === 'payment_declined' ? t('pay.declined') : errorMessage(t, error)),
      },
    );
  };

  return (
    <form className="form top-up" onSubmit={submit} noValidate data-testid="top-up-form">
      <FormAlert message={formError} />
      <Field
        label={t('wallet.amount')}
        name="amount"
        inputMode="decimal"
        autoComplete="off"
        placeholder="100"
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        error={amountError}
      />
      <CardFields values={card} errors={cardErrors} onChange={setCard} />
      {pendingId ? <PendingTopUp paymentId={pendingId} onDone={finished} /> : null}
      <div className="form-buttons">
        <button type="submit" className="btn btn--primary" disabled={topUp.isPending || Boolean(pendingId)} data-testid="top-up-submit">
          {topUp.isPending
            ? t('wallet.toppingUp')
            : minor
              ? t('wallet.topUpSubmit', { amount: money(minor, currency) })
              : t('wallet.topUpSubmitEmpty')}
        </button>
        {status ? (
          <span className="status-text" role="status">
            {status}
          </span>
        ) : null}
      </div>
    </form>
  );
}
