import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useOrder } from '../../api/buying.js';
import { isApiError } from '../../api/client.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { NotFound } from '../NotFound/NotFound.js';
import { shortId } from './format.js';
import { OrderView } from './OrderView.js';
import './Buying.css';

/** An order by its id, for whoever may see it (the API answers 404 to anyone else). */
export function OrderById({ orderId, back }: { orderId: string; back: { to: string; label: string } }) {
  const { t } = useTranslation();
  const order = useOrder(orderId);
  usePageTitle(`${t('orders.orderNumber')} ${shortId(orderId)}`);
  if (order.isPending) return <PageLoading />;
  if (order.isError) {
    if (isApiError(order.error) && order.error.status === 404) return <NotFound />;
    return <LoadError error={order.error} onRetry={() => void order.refetch()} />;
  }
  return (
    <div className="buying-page buying-page--wide">
      <header className="page-header">
        <Link to={back.to} className="back-link">
          ‹ {back.label}
        </Link>
        <h1>
          {t('orders.orderNumber')} <span className="page-header__id">{shortId(order.data.id)}</span>
        </h1>
      </header>
      <OrderView order={order.data} />
    </div>
  );
}

function Content() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return <OrderById orderId={id} back={{ to: '/orders', label: t('orders.back') }} />;
}

export function OrderPage() {
  return (
    <RequireAuth>
      <Content />
    </RequireAuth>
  );
}
