import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../api/accounts.js';
import type { Refund, RefundDetail } from '../../api/buying-types.js';
import { isApiError } from '../../api/client.js';
import { useRefund } from '../../api/money.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formatDateTime } from '../Account/format.js';
import { NotFound } from '../NotFound/NotFound.js';
import { refundTone, shortId } from './format.js';
import { RefundActions } from './RefundActions.js';
import { isRefundReason } from './refunds.js';
import { Timeline } from './Timeline.js';
import './Buying.css';

export function RefundStateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${refundTone(state)}`} data-testid="refund-state">
      {t(`refundState.${state as 'requested'}`, { defaultValue: state })}
    </span>
  );
}

/** The facts of a refund request: kind, amount, reason, and what each side added. */
export function RefundFacts({ refund }: { refund: Refund }) {
  const { t, i18n } = useTranslation();
  const { money } = useMoney();
  return (
    <dl className="facts">
      <dt>{t('refunds.amount')}</dt>
      <dd className="facts__money">{money(refund.amount_minor, refund.currency)}</dd>
      <dt>{t('refunds.kind')}</dt>
      <dd>{t(`refunds.kinds.${refund.kind}`, { defaultValue: refund.kind })}</dd>
      <dt>{t('refunds.reason')}</dt>
      <dd>{isRefundReason(refund.reason) ? t(`refunds.reasons.${refund.reason}`) : refund.reason}</dd>
      {refund.note ? (
        <>
          <dt>{t('refunds.note')}</dt>
          <dd>{refund.note}</dd>
        </>
      ) : null}
      {refund.decline_reason ? (
        <>
          <dt>{t('refunds.declineReason')}</dt>
          <dd>{refund.decline_reason}</dd>
        </>
      ) : null}
      {refund.return_tracking_number ? (
        <>
          <dt>{t('refunds.returnTracking')}</dt>
          <dd>
            {refund.return_carrier} <span className="facts__mono">{refund.return_tracking_number}</span>
          </dd>
        </>
      ) : null}
      <dt>{t('refunds.order')}</dt>
      <dd>
        <Link to={`/orders/${refund.order_id}`}>{shortId(refund.order_id)}</Link>
      </dd>
      <dt>{t('refunds.createdAt')}</dt>
      <dd>{formatDateTime(refund.created_at, i18n.language)}</dd>
    </dl>
  );
}

function RefundView({ detail }: { detail: RefundDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { refund } = detail;
  const requested = { key: 'request', title: t('refunds.requestedRow'), actor: 'buyer', at: refund.created_at, note: refund.note };
  const history = [
    requested,
    ...(detail.history ?? []).map((row, index) => ({
      key: `${index}-${row.transition}`,
      title: t(`refundTransitions.${row.transition as 'decline'}`, {
        defaultValue: t(`refundState.${row.to_state as 'requested'}`, { defaultValue: row.transition }),
      }),
      actor: row.actor_type,
      at: row.created_at,
      note: row.note,
    })),
  ];
  return (
    <div className="order-view">
      <div className="order-view__main">
        <section className="card order-status">
          <div className="order-status__head">
            <RefundStateBadge state={refund.state} />
          </div>
          <p className="order-status__text">{t(`refunds.stateText.${refund.state}`, { defaultValue: '' })}</p>
          {refund.state === 'requested' && refund.respond_by ? (
            <p className="card__hint">{t('refunds.respondBy', { date: formatDateTime(refund.respond_by, i18n.language) })}</p>
          ) : null}
          {refund.dispute_id ? (
            <Link to={`/disputes/${refund.dispute_id}`} className="btn btn--secondary btn--small">
              {t('refunds.viewDispute')}
            </Link>
          ) : null}
        </section>
        <RefundActions
          refund={refund}
          actions={detail.actions ?? []}
          isBuyer={detail.viewer ? detail.viewer === 'buyer' : me.data?.id === refund.buyer_id}
        />
        <section className="card">
          <RefundFacts refund={refund} />
        </section>
      </div>
      <div className="order-view__side">
        <section className="card" aria-labelledby="refund-history-title">
          <h2 id="refund-history-title" className="card__title card__title--spaced">
            {t('refunds.history')}
          </h2>
          <Timeline rows={history} label={t('refunds.history')} />
        </section>
      </div>
    </div>
  );
}

function Content() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const refund = useRefund(id);
  usePageTitle(t('refunds.title'));
  if (refund.isPending) return <PageLoading />;
  if (refund.isError) {
    if (isApiError(refund.error) && refund.error.status === 404) return <NotFound />;
    return <LoadError error={refund.error} onRetry={() => void refund.refetch()} />;
  }
  return (
    <div className="buying-page buying-page--wide">
      <header className="page-header">
        <Link to={`/orders/${refund.data.refund.order_id}`} className="back-link">
          ‹ {t('refunds.order')}
        </Link>
        <h1>{t('refunds.title')}</h1>
      </header>
      <RefundView detail={refund.data} />
    </div>
  );
}

export function RefundPage() {
  return (
    <RequireAuth>
      <Content />
    </RequireAuth>
  );
}
