import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Refund } from '../../api/buying-types.js';
import { isApiError } from '../../api/client.js';
import { useRefunds } from '../../api/money.js';
import { EmptyState } from '../../components/ProductGrid/ProductGrid.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formatDateTime } from '../Account/format.js';
import { shortId } from '../Buying/format.js';
import { RefundActions } from '../Buying/RefundActions.js';
import { RefundStateBadge } from '../Buying/RefundPage.js';
import { isRefundReason } from '../Buying/refunds.js';
import { useSellerStore } from './context.js';
import '../Buying/Buying.css';

/** What a seller can do with a refund on the list, from its state (the list carries no `actions`). */
function actionsFor(refund: Refund): string[] {
  if (refund.state === 'requested') return ['accept', 'decline'];
  if (refund.state === 'return_shipped') return ['confirm-return'];
  return [];
}

function RefundRow({ refund }: { refund: Refund }) {
  const { t, i18n } = useTranslation();
  const { money } = useMoney();
  return (
    <li className="card refund-row" data-testid="refund-row">
      <div className="order-card__head">
        <Link to={`/refunds/${refund.id}`} className="refund-row__title">
          {t(`refunds.kinds.${refund.kind}`, { defaultValue: refund.kind })} · {money(refund.amount_minor, refund.currency)}
        </Link>
        <RefundStateBadge state={refund.state} />
      </div>
      <p className="card__hint">
        {isRefundReason(refund.reason) ? t(`refunds.reasons.${refund.reason}`) : refund.reason} · {t('refunds.order')}{' '}
        <Link to={`/orders/${refund.order_id}`}>{shortId(refund.order_id)}</Link> · {formatDateTime(refund.created_at, i18n.language)}
      </p>
      {refund.note ? <p className="statement">{refund.note}</p> : null}
      {refund.state === 'requested' && refund.respond_by ? (
        <p className="card__hint">{t('refunds.respondBy', { date: formatDateTime(refund.respond_by, i18n.language) })}</p>
      ) : null}
      <RefundActions refund={refund} actions={actionsFor(refund)} isBuyer={false} />
    </li>
  );
}

export function SellerRefunds() {
  const { t } = useTranslation();
  const { store } = useSellerStore();
  const refunds = useRefunds({ store_id: store.id });
  usePageTitle(`${t('buyingNav.sellerRefunds')} · ${store.name}`);
  const notYet = refunds.isError && isApiError(refunds.error) && refunds.error.status === 404;
  const rows = refunds.data?.data ?? [];
  return (
    <div className="seller-page">
      <header className="seller-page__header">
        <h1>{t('buyingNav.sellerRefunds')}</h1>
      </header>
      {refunds.isPending ? <PageLoading /> : null}
      {refunds.isError && !notYet ? <LoadError error={refunds.error} onRetry={() => void refunds.refetch()} /> : null}
      {notYet ? <EmptyState title={t('refunds.empty')} text={t('refunds.notAvailable')} /> : null}
      {refunds.isSuccess && rows.length === 0 ? <EmptyState title={t('refunds.empty')} text={t('refunds.emptyText')} /> : null}
      {rows.length > 0 ? (
        <ul className="order-cards">
          {rows.map((refund) => (
            <RefundRow key={refund.id} refund={refund} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
