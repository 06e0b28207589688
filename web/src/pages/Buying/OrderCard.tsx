import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOrder } from '../../api/buying.js';
import type { Order, OrderState } from '../../api/buying-types.js';
import { useMoney } from '../../components/useMoney.js';
import { formatDateTime } from '../Account/format.js';
import { Thumb } from './CartLine.js';
import { orderTone } from './format.js';
import { StoreName } from './StoreName.js';

export const ORDER_STATES: readonly OrderState[] = [
  'placed',
  'paid',
  'shipped',
  'delivered',
  'completed',
  'after_sale',
  'refunded',
  'cancelled',
];

export function isOrderState(value: string | null): value is OrderState {
  return ORDER_STATES.includes(value as OrderState);
}

export function OrderStateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${orderTone(state)}`} data-testid="order-state">
      {isOrderState(state) ? t(`orderState.${state}`) : state}
    </span>
  );
}

/** One order on a list: the store, its state, the first item (the rest counted) and the total. */
export function OrderCard({ order, to, showStore = true }: { order: Order; to: string; showStore?: boolean }) {
  const { t, i18n } = useTranslation();
  const { money } = useMoney();
  const detail = useOrder(order.id);
  const items = detail.data?.items ?? [];
  const first = items[0];
  const pieces = items.reduce((total, item) => total + item.quantity, 0);
  return (
    <li>
      <Link to={to} className="order-card" data-testid="order-card">
        <span className="order-card__head">
          <span className="order-card__store">
            {showStore ? <StoreName storeId={order.store_id} /> : formatDateTime(order.placed_at, i18n.language)}
          </span>
          <OrderStateBadge state={order.state} />
        </span>
        <span className="order-card__body">
          <Thumb imageId={first?.image_id ?? null} />
          <span className="order-card__text">
            <span className="order-card__title">{first?.title ?? '…'}</span>
            <span className="order-card__meta">
              {items.length > 1 ? `${t('orders.itemsMore', { count: items.length - 1 })} · ` : ''}
              {pieces > 0 ? t('orders.pieces', { count: pieces }) : ''}
            </span>
            {showStore ? (
              <span className="order-card__meta">{t('orders.placedAt', { date: formatDateTime(order.placed_at, i18n.language) })}</span>
            ) : null}
          </span>
          <span className="order-card__total">
            <span className="order-card__label">{order.state === 'placed' ? t('orders.totalDue') : t('orders.total')}</span>
            <strong>{money(order.total_minor, order.currency)}</strong>
          </span>
        </span>
      </Link>
    </li>
  );
}
