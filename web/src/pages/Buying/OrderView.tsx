import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderDetail } from '../../api/buying-types.js';
import { useRefunds } from '../../api/money.js';
import { useMoney } from '../../components/useMoney.js';
import { formatDateTime } from '../Account/format.js';
import { addressLines } from './AddressForm.js';
import { OrderLines } from './CheckoutSummary.js';
import { OrderActions } from './OrderActions.js';
import { isOrderState, OrderStateBadge } from './OrderCard.js';
import { StoreName } from './StoreName.js';
import { Timeline } from './Timeline.js';

const CLOSED = new Set(['cancelled', 'refunded']);

/** "card:sandbox" → card, "wallet" → wallet: the method, without the provider's name. */
function paidVia(value: string): 'card' | 'wallet' | undefined {
  const method = value.split(':')[0];
  return method === 'card' || method === 'wallet' ? method : undefined;
}

function RefundLinks({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const filter = order.viewer === 'buyer' ? { order_id: order.id } : { store_id: order.store_id, order_id: order.id };
  const refunds = useRefunds(filter, order.viewer !== 'operator');
  const mine = refunds.data?.data ?? [];
  if (mine.length === 0) return null;
  return (
    <div className="alert alert--info">
      <span>{t('orders.refunds')}</span>
      {mine.map((refund) => (
        <Link key={refund.id} to={`/refunds/${refund.id}`} className="btn btn--secondary btn--small">
          {t('orders.viewRefund')} · {t(`refundState.${refund.state}`)}
        </Link>
      ))}
    </div>
  );
}

function Sums({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const row = (label: string, amount: number, className?: string) => (
    <div className={className}>
      <dt>{label}</dt>
      <dd>{money(amount, order.currency)}</dd>
    </div>
  );
  return (
    <dl className="sums">
      {row(t('orders.itemsTotal'), order.items_minor)}
      {row(t('orders.shipping'), order.shipping_minor)}
      {row(t('orders.total2'), order.total_minor, 'sums__total')}
      {order.refunded_minor > 0 ? row(t('orders.refunded'), -order.refunded_minor) : null}
      {order.viewer !== 'buyer' && order.commission_minor > 0 ? row(t('orders.commission'), -order.commission_minor) : null}
      {order.viewer !== 'buyer' && order.released_minor > 0 ? row(t('orders.released'), order.released_minor, 'sums__released') : null}
    </dl>
  );
}

/** One order as its buyer, its store's team or an operator sees it. */
export function OrderView({ order }: { order: OrderDetail }) {
  const { t, i18n } = useTranslation();
  const side = order.viewer === 'buyer' ? 'buyer' : 'seller';
  // The history starts at the first transition; placing the order is the row before it.
  const placed = { key: 'place', title: t('transitions.place'), actor: 'buyer', at: order.placed_at };
  const history = [
    placed,
    ...order.history.map((row, index) => ({
      key: `${index}-${row.transition}`,
      title: t(`transitions.${row.transition}` as 'transitions.pay', { defaultValue: row.transition }),
      actor: row.actor,
      at: row.at,
      note: row.note,
    })),
  ];
  const tone = order.state === 'completed' ? ' order-status--done' : CLOSED.has(order.state) ? ' order-status--closed' : '';
  return (
    <div className="order-view">
      <div className="order-view__main">
        <section className={`card order-status${tone}`}>
          <div className="order-status__head">
            <OrderStateBadge state={order.state} />
            <span className="order-status__store">
              <StoreName storeId={order.store_id} link={order.viewer === 'buyer'} />
            </span>
          </div>
          <p className="order-status__text" data-testid="order-state-text">
            {isOrderState(order.state) ? t(`orderStateText.${side}.${order.state}`) : order.state}
          </p>
        </section>
        <RefundLinks order={order} />
        <OrderActions order={order} />
        <section className="card" aria-labelledby="items-title">
          <h2 id="items-title" className="card__title card__title--spaced">
            {t('orders.items')}
          </h2>
          <OrderLines lines={order.items} currency={order.currency} />
          <Sums order={order} />
        </section>
      </div>
      <div className="order-view__side">
        {order.carrier ? (
          <section className="card" aria-labelledby="tracking-title" data-testid="tracking">
            <h2 id="tracking-title" className="card__title card__title--spaced">
              {t('orders.tracking')}
            </h2>
            <dl className="facts">
              <dt>{t('orders.carrier')}</dt>
              <dd>{order.carrier}</dd>
              <dt>{t('orders.trackingNumber')}</dt>
              <dd className="facts__mono" data-testid="tracking-number">
                {order.tracking_number}
              </dd>
            </dl>
          </section>
        ) : null}
        <section className="card" aria-labelledby="address-title">
          <h2 id="address-title" className="card__title card__title--spaced">
            {t('orders.address')}
          </h2>
          <p className="address-block__who">
            {order.address.recipient} <span className="address-option__phone">{order.address.phone}</span>
          </p>
          <p className="card__hint">{addressLines(order.address)}</p>
          {order.buyer_note ? (
            <p className="buyer-note">
              <strong>{t('orders.buyerNote')}：</strong>
              {order.buyer_note}
            </p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="history-title">
          <h2 id="history-title" className="card__title card__title--spaced">
            {t('orders.history')}
          </h2>
          <Timeline rows={history} label={t('orders.history')} />
          <dl className="facts facts--small">
            <dt>{t('orders.orderNumber')}</dt>
            <dd className="facts__mono">{order.id}</dd>
            <dt>{t('orders.placedAt', { date: '' }).trim()}</dt>
            <dd>{formatDateTime(order.placed_at, i18n.language)}</dd>
            {order.paid_via ? (
              <>
                <dt>{t('orders.paidVia')}</dt>
                <dd>{paidVia(order.paid_via) ? t(`orders.paidVia_${paidVia(order.paid_via) as 'card'}`) : order.paid_via}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
    </div>
  );
}
