import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useOrders } from '../../api/buying.js';
import type { OrderState } from '../../api/buying-types.js';
import { EmptyState } from '../../components/ProductGrid/ProductGrid.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { isOrderState, ORDER_STATES, OrderCard } from './OrderCard.js';
import './Buying.css';

/** The state tabs: every filter is a link, so the back button undoes it. */
export function StateTabs({ state, states = ORDER_STATES }: { state: OrderState | undefined; states?: readonly OrderState[] }) {
  const { t } = useTranslation();
  return (
    <nav className="chips state-tabs" aria-label={t('orders.filter')}>
      <Link to="?" replace className="chip" aria-current={state === undefined ? 'page' : undefined}>
        {t('orders.all')}
      </Link>
      {states.map((option) => (
        <Link key={option} to={`?state=${option}`} replace className="chip" aria-current={state === option ? 'page' : undefined}>
          {t(`orderState.${option}`)}
        </Link>
      ))}
    </nav>
  );
}

/** A list of orders (a buyer's own, or a store's), filtered by the `state` in the address. */
export function OrderList({ storeId, linkTo }: { storeId?: string | undefined; linkTo: (orderId: string) => string }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const raw = params.get('state');
  const state = isOrderState(raw) ? raw : undefined;
  const orders = useOrders({ store_id: storeId, state });
  const rows = orders.data?.data ?? [];
  return (
    <>
      <StateTabs state={state} />
      {orders.isPending ? <PageLoading /> : null}
      {orders.isError ? <LoadError error={orders.error} onRetry={() => void orders.refetch()} /> : null}
      {orders.isSuccess && rows.length === 0 ? (
        <EmptyState
          title={state ? t('orders.emptyFiltered') : storeId ? t('sellerOrders.empty') : t('orders.empty')}
          text={state ? undefined : storeId ? t('sellerOrders.emptyText') : t('orders.emptyText')}
        />
      ) : null}
      {rows.length > 0 ? (
        <ul className="order-cards">
          {rows.map((order) => (
            <OrderCard key={order.id} order={order} to={linkTo(order.id)} showStore={!storeId} />
          ))}
        </ul>
      ) : null}
    </>
  );
}

function OrdersContent() {
  const { t } = useTranslation();
  usePageTitle(t('orders.title'));
  return (
    <div className="buying-page">
      <h1>{t('orders.title')}</h1>
      <OrderList linkTo={(id) => `/orders/${id}`} />
    </div>
  );
}

export function OrdersPage() {
  return (
    <RequireAuth>
      <OrdersContent />
    </RequireAuth>
  );
}
