import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyStores } from '../../api/stores.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { StoreLogo } from '../../components/StoreLogo.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { VerifiedBadge } from '../Store/StorefrontView.js';
import './Seller.css';

function MyStores() {
  const { t } = useTranslation();
  const stores = useMyStores();
  usePageTitle(t('seller.centre'));
  if (stores.isPending) return <PageLoading />;
  if (stores.isError) return <LoadError error={stores.error} onRetry={() => void stores.refetch()} />;
  return (
    <div className="seller-home">
      <header className="seller-home__header">
        <div>
          <h1>{t('seller.centre')}</h1>
          <p className="card__hint">{t('seller.centreLead')}</p>
        </div>
        {stores.data.length > 0 ? (
          <Link to="/seller/new" className="btn btn--primary btn--small">
            {t('seller.openAnother')}
          </Link>
        ) : null}
      </header>
      {stores.data.length === 0 ? (
        <div className="seller-welcome">
          <p className="seller-welcome__eyebrow">{t('seller.freeEyebrow')}</p>
          <h2 className="seller-welcome__title">{t('seller.noStoreTitle')}</h2>
          <ol className="seller-welcome__steps">
            <li>{t('seller.stepOpen')}</li>
            <li>{t('seller.stepDecorate')}</li>
            <li>{t('seller.stepList')}</li>
            <li>{t('seller.stepShare')}</li>
          </ol>
          <Link to="/seller/new" className="btn btn--primary btn--block" data-testid="open-store-link">
            {t('seller.openStore')}
          </Link>
        </div>
      ) : (
        <ul className="my-stores">
          {stores.data.map(({ role, store }) => {
            const theme = store.storefront_draft?.theme_color ?? store.storefront.theme_color;
            return (
              <li key={store.id}>
                <Link to={`/seller/${store.id}`} className="my-store" data-testid="my-store">
                  <StoreLogo name={store.name} logo={store.storefront_draft?.logo ?? store.storefront.logo} color={theme} size={52} />
                  <span className="my-store__text">
                    <span className="my-store__name">
                      {store.name}
                      {store.verified ? <VerifiedBadge /> : null}
                    </span>
                    <span className="my-store__meta">
                      /s/{store.handle} · {t(`seller.roles.${role}`)}
                    </span>
                  </span>
                  {store.published_at ? null : <span className="badge badge--warning">{t('seller.notPublished')}</span>}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export function SellerHome() {
  return (
    <RequireAuth>
      <MyStores />
    </RequireAuth>
  );
}
