import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle.js';
import { OrderById } from '../Buying/OrderPage.js';
import { OrderList } from '../Buying/Orders.js';
import { sellerPath, useSellerStore } from './context.js';

/** The store's orders, by state; a paid order is shipped from its page. */
export function SellerOrders() {
  const { t } = useTranslation();
  const { store } = useSellerStore();
  usePageTitle(`${t('sellerOrders.title')} · ${store.name}`);
  return (
    <div className="seller-page">
      <header className="seller-page__header">
        <h1>{t('sellerOrders.title')}</h1>
      </header>
      <OrderList storeId={store.id} linkTo={(id) => sellerPath(store.id, `orders/${id}`)} />
    </div>
  );
}

export function SellerOrder() {
  const { t } = useTranslation();
  const { store } = useSellerStore();
  const { orderId = '' } = useParams();
  return <OrderById orderId={orderId} back={{ to: sellerPath(store.id, 'orders'), label: t('sellerOrders.back') }} />;
}
