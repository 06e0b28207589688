import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { buyingKeys, useOrdersByIds, usePay, usePayment } from '../../api/buying.js';
import type { OrderDetail } from '../../api/buying-types.js';
import { isApiError } from '../../api/client.js';
import { useWallet } from '../../api/money.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { type CardErrors, CardFields, EMPTY_CARD, parseCard } from './CardFields.js';
import { Steps } from './Steps.js';
import { StoreName } from './StoreName.js';
import './Buying.css';

function Paid({ orderIds }: { orderIds: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <div className="card result" role="status" data-testid="payment-succeeded">
      <span className="result__icon" aria-hidden="true">
        ✓
      </span>
      <h2>{t('pay.successTitle')}</h2>
      <p className="card__hint">{t('pay.successText')}</p>
      <div className="form-buttons form-buttons--center">
        <Link to={orderIds.length === 1 ? `/orders/${orderIds[0]}` : '/orders'} className="btn btn--primary">
          {t('pay.viewOrders')}
        </Link>
        <Link to="/" className="btn btn--secondary">
          {t('pay.continueShopping')}
        </Link>
      </div>
    </div>
  );
}

function Pending({ paymentId, onSettled }: { paymentId: string; onSettled: (ok: boolean, reason?: string) => void }) {
  const { t } = useTranslation();
  const payment = usePayment(paymentId);
  const state = payment.data?.state;
  useEffect(() => {
    if (state === 'succeeded') onSettled(true);
    if (state === 'failed') onSettled(false, payment.data?.failure_reason ?? '');
  }, [state, onSettled, payment.data?.failure_reason]);
  return (
    <div className="card result" role="status" aria-live="polite" data-testid="payment-pending">
      <span className="spinner spinner--large" aria-hidden="true" />
      <h2>{t('pay.pendingTitle')}</h2>
      <p className="card__hint">{t('pay.pendingText')}</p>
    </div>
  );
}

function PayForm({ orders, done, onDone }: { orders: OrderDetail[]; done: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const queryClient = useQueryClient();
  const pay = usePay();
  const wallet = useWallet();
  const payable = orders.filter((order) => order.state === 'placed');
  const currency = payable[0]?.currency ?? 'CNY';
  const amount = payable.reduce((total, order) => total + order.total_minor, 0);
  const balance = wallet.data?.balances.find((row) => row.kind === 'buyer_wallet' && row.currency === currency)?.balance_minor ?? 0;
  const [method, setMethod] = useState<'wallet' | 'card'>('card');
  const [card, setCard] = useState(EMPTY_CARD);
  const [cardErrors, setCardErrors] = useState<CardErrors>({});
  const [formError, setFormError] = useState<string>();
  const errorRef = useRef<HTMLDivElement>(null);
  // A refusal shows beside the method, in view, not under the bar at the bottom of the screen.
  useEffect(() => {
    if (formError) errorRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [formError]);
  const [pendingId, setPendingId] = useState<string>();
  const alreadyPaid = orders.length > 0 && payable.length === 0 && orders.every((order) => order.paid_at);

  const settled = (ok: boolean, reason?: string) => {
    setPendingId(undefined);
    void queryClient.invalidateQueries({ queryKey: buyingKeys.orders });
    void queryClient.invalidateQueries({ queryKey: buyingKeys.wallet });
    if (ok) onDone();
    else setFormError(t('pay.failed', { reason: reason || t('errors.payment_declined') }));
  };

  if (done || alreadyPaid) return <Paid orderIds={orders.map((order) => order.id)} />;
  if (pendingId) return <Pending paymentId={pendingId} onSettled={settled} />;
  if (payable.length === 0) return <div className="alert alert--error">{t('pay.expired')}</div>;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const parsed = method === 'card' ? parseCard(card) : { errors: {} };
    setCardErrors(parsed.errors);
    if (method === 'card' && !parsed.card) return;
    const input = { order_ids: payable.map((order) => order.id), method, ...(parsed.card ? { card: parsed.card } : {}) };
    pay.mutate(input, {
      onSuccess: (payment) =>
        payment.state === 'pending' ? setPendingId(payment.id) : settled(payment.state === 'succeeded', payment.failure_reason ?? ''),
      onError: (error) => setFormError(isApiError(error) && error.code === 'payment_declined' ? t('pay.declined') : errorMessage(t, error)),
    });
  };
  const short = Math.max(0, amount - balance);
  return (
    <form className="form" onSubmit={submit} noValidate>
      <section className="card pay-summary" aria-label={t('pay.amount')}>
        <ul className="pay-orders">
          {payable.map((order) => (
            <li key={order.id}>
              <StoreName storeId={order.store_id} />
              <span>{money(order.total_minor, order.currency)}</span>
            </li>
          ))}
        </ul>
        <p className="pay-summary__total">
          <span>
            {t('pay.amount')} · {t('pay.orders', { count: payable.length })}
          </span>
          <strong data-testid="pay-amount">{money(amount, currency)}</strong>
        </p>
        <p className="escrow-note">{t('pay.escrowNote')}</p>
      </section>
      <section className="card form" aria-labelledby="method-title">
        <h2 id="method-title" className="card__title">
          {t('pay.method')}
        </h2>
        <fieldset className="segmented segmented--wide">
          <legend className="visually-hidden">{t('pay.method')}</legend>
          {(['wallet', 'card'] as const).map((option) => (
            <label key={option} className={`segmented__option${method === option ? ' segmented__option--checked' : ''}`}>
              <input type="radio" name="method" checked={method === option} onChange={() => setMethod(option)} />
              <span>{t(`pay.${option}`)}</span>
            </label>
          ))}
        </fieldset>
        <div ref={errorRef}>
          <FormAlert message={formError} />
        </div>
        {method === 'wallet' ? (
          <p className={short > 0 ? 'wallet-line wallet-line--short' : 'wallet-line'}>
            {t('pay.walletBalance', { amount: money(balance, currency) })}
            {short > 0 ? (
              <>
                {' · '}
                {t('pay.walletShort', { amount: money(short, currency) })} <Link to="/wallet">{t('pay.topUp')}</Link>
              </>
            ) : null}
          </p>
        ) : (
          <CardFields values={card} errors={cardErrors} onChange={setCard} />
        )}
      </section>
      <div className="checkout-bar">
        <div className="checkout-bar__total">
          <span className="checkout-bar__count">{t('pay.amount')}</span>
          <strong>{money(amount, currency)}</strong>
        </div>
        <button
          type="submit"
          className="btn btn--primary"
          disabled={pay.isPending || (method === 'wallet' && short > 0)}
          data-testid="pay-submit"
        >
          {pay.isPending ? t('pay.paying') : t('pay.submit', { amount: money(amount, currency) })}
        </button>
      </div>
    </form>
  );
}

function PayContent() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const ids = (params.get('orders') ?? '').split(',').filter(Boolean);
  const orders = useOrdersByIds(ids);
  const [done, setDone] = useState(false);
  const paid = done || Boolean(orders.data?.length && orders.data.every((order) => order.paid_at));
  usePageTitle(t('pay.title'));
  return (
    <div className="buying-page">
      <Steps current={paid ? 2 : 1} />
      <h1>{t('pay.title')}</h1>
      {orders.isPending && ids.length > 0 ? <PageLoading /> : null}
      {orders.isError ? <LoadError error={orders.error} onRetry={() => void orders.refetch()} /> : null}
      {orders.data ? <PayForm orders={orders.data} done={done} onDone={() => setDone(true)} /> : null}
    </div>
  );
}

export function PayPage() {
  return (
    <RequireAuth>
      <PayContent />
    </RequireAuth>
  );
}
