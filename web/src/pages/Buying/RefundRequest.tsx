import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useOrder } from '../../api/buying.js';
import type { OrderDetail, RefundKind } from '../../api/buying-types.js';
import { isApiError } from '../../api/client.js';
import { useRequestRefund } from '../../api/money.js';
import { Field, SelectField, TextAreaField } from '../../components/Field.js';
import { focusFirstInvalid } from '../../components/forms.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { minorToDecimal, parseMoneyInput } from '../../lib/money.js';
import { NotFound } from '../NotFound/NotFound.js';
import { OrderLines } from './CheckoutSummary.js';
import { REFUND_REASONS } from './refunds.js';
import './Buying.css';

const KINDS: readonly RefundKind[] = ['refund_only', 'return_and_refund'];

function RefundForm({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const navigate = useNavigate();
  const request = useRequestRefund();
  const formRef = useRef<HTMLFormElement>(null);
  const max = order.total_minor - order.refunded_minor;
  const shipped = order.state === 'shipped' || order.state === 'delivered';
  const [kind, setKind] = useState<RefundKind>(shipped ? 'return_and_refund' : 'refund_only');
  const [amount, setAmount] = useState(minorToDecimal(max, order.currency));
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ amount?: string; reason?: string; form?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const minor = parseMoneyInput(amount, order.currency);
    const found: typeof errors = {};
    if (!minor || minor > max) found.amount = t('refunds.amountInvalid', { amount: money(max, order.currency) });
    if (!reason) found.reason = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0 || !minor) return focusFirstInvalid(formRef.current);
    const input = { order_id: order.id, kind, amount_minor: minor, reason, ...(note.trim() ? { note: note.trim() } : {}) };
    request.mutate(input, {
      onSuccess: (refund) => navigate(`/refunds/${refund.id}`, { replace: true }),
      onError: (error) => {
        const notYet = isApiError(error) && error.status === 404 && error.code === 'route_not_found';
        setErrors({ form: notYet ? t('refunds.notAvailable') : errorMessage(t, error) });
      },
    });
  };

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate data-testid="refund-form">
      <section className="card">
        <OrderLines lines={order.items} currency={order.currency} />
      </section>
      <section className="card form">
        <FormAlert message={errors.form} />
        <fieldset className="kind-options">
          <legend className="field__label">{t('refunds.kind')}</legend>
          {KINDS.map((option) => (
            <label key={option} className={`address-option${kind === option ? ' address-option--checked' : ''}`}>
              <input
                type="radio"
                name="kind"
                checked={kind === option}
                disabled={option === 'return_and_refund' && !shipped}
                onChange={() => setKind(option)}
              />
              <span className="address-option__text">
                <span className="address-option__who">{t(`refunds.kinds.${option}`)}</span>
                <span className="address-option__where">{t(`refunds.kindHints.${option}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <SelectField
          label={t('refunds.reason')}
          name="reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={errors.reason}
        >
          <option value="">{t('refunds.chooseReason')}</option>
          {REFUND_REASONS.map((code) => (
            <option key={code} value={code}>
              {t(`refunds.reasons.${code}`)}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('refunds.amount')}
          name="amount"
          inputMode="decimal"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          hint={t('refunds.amountMax', { amount: money(max, order.currency) })}
          error={errors.amount}
        />
        <TextAreaField
          label={t('refunds.note')}
          name="note"
          optional
          maxLength={500}
          showCount
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        <button type="submit" className="btn btn--primary" disabled={request.isPending} data-testid="refund-submit">
          {request.isPending ? t('refunds.submitting') : t('refunds.submit')}
        </button>
      </section>
    </form>
  );
}

function Content() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const order = useOrder(id);
  usePageTitle(t('refunds.requestTitle'));
  if (order.isPending) return <PageLoading />;
  if (order.isError) {
    if (isApiError(order.error) && order.error.status === 404) return <NotFound />;
    return <LoadError error={order.error} onRetry={() => void order.refetch()} />;
  }
  return (
    <div className="buying-page">
      <header className="page-header">
        <Link to={`/orders/${id}`} className="back-link">
          ‹ {t('refunds.order')}
        </Link>
        <h1>{t('refunds.requestTitle')}</h1>
      </header>
      <RefundForm order={order.data} />
    </div>
  );
}

export function RefundRequestPage() {
  return (
    <RequireAuth>
      <Content />
    </RequireAuth>
  );
}
