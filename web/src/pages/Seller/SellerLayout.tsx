import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import { isApiError } from '../../api/client.js';
import { useStore } from '../../api/stores.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { StoreLogo } from '../../components/StoreLogo.js';
import { NotFound } from '../NotFound/NotFound.js';
import { type SellerContext, sellerPath } from './context.js';
import './Seller.css';

function SellerNav({ context }: { context: SellerContext }) {
  const { t } = useTranslation();
  const { store } = context;
  const links: { to: string; label: string; end?: boolean }[] = [
    { to: sellerPath(store.id), label: t('seller.nav.overview'), end: true },
    { to: sellerPath(store.id, 'orders'), label: t('buyingNav.sellerOrders') },
    { to: sellerPath(store.id, 'refunds'), label: t('buyingNav.sellerRefunds') },
    ...(context.role === 'owner' ? [{ to: sellerPath(store.id, 'wallet'), label: t('buyingNav.sellerWallet') }] : []),
    { to: sellerPath(store.id, 'products'), label: t('seller.nav.products') },
    { to: sellerPath(store.id, 'storefront'), label: t('seller.nav.storefront') },
    { to: sellerPath(store.id, 'share'), label: t('seller.nav.share') },
    { to: sellerPath(store.id, 'team'), label: t('seller.nav.team') },
    ...(store.type === 'brand' ? [{ to: sellerPath(store.id, 'brand'), label: t('seller.nav.brand') }] : []),
    { to: sellerPath(store.id, 'settings'), label: t('seller.nav.settings') },
  ];
  return (
    <nav className="chips seller-nav" aria-label={t('seller.nav.label')}>
      {links.map((link) => (
        <NavLink key={link.to} to={link.to} end={link.end} className="chip">
          {link.label}
        </NavLink>
      ))}
    </nav>
  );
}

function StoreArea() {
  const { t } = useTranslation();
  const { storeId = '' } = useParams();
  const answer = useStore(storeId);
  if (answer.isPending) return <PageLoading />;
  if (answer.isError) {
    if (isApiError(answer.error) && answer.error.status === 404) return <NotFound />;
    return <LoadError error={answer.error} onRetry={() => void answer.refetch()} />;
  }
  const { store, viewer } = answer.data;
  if (!viewer.role) {
    return (
      <div className="card seller-denied">
        <h1>{t('seller.notTeamTitle')}</h1>
        <p className="card__hint">{t('seller.notTeamText')}</p>
        <Link to="/seller" className="btn btn--secondary">
          {t('seller.backToStores')}
        </Link>
      </div>
    );
  }
  const context: SellerContext = { store, role: viewer.role };
  const theme = store.storefront_draft?.theme_color ?? store.storefront.theme_color;
  return (
    <div className="seller">
      <div className="seller-bar">
        <Link to="/seller" className="seller-bar__switch" aria-label={t('seller.allStores')}>
          <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            width="20"
            height="20"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
          >
            <path d="m14.5 6-6 6 6 6" />
          </svg>
        </Link>
        <StoreLogo name={store.name} logo={store.storefront_draft?.logo ?? store.storefront.logo} color={theme} size={40} />
        <div className="seller-bar__text">
          <p className="seller-bar__name" data-testid="seller-store-name">
            {store.name}
          </p>
          <p className="seller-bar__meta">
            {t('seller.centre')} · {t(`seller.roles.${viewer.role}`)}
          </p>
        </div>
        <Link to={`/s/${store.handle}`} className="btn btn--secondary btn--small seller-bar__view">
          {t('seller.viewStore')}
        </Link>
      </div>
      <SellerNav context={context} />
      <Outlet context={context} />
    </div>
  );
}

export function SellerLayout() {
  return (
    <RequireAuth>
      <StoreArea />
    </RequireAuth>
  );
}
