import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFavourites } from '../../api/catalog.js';
import { useFollowing } from '../../api/stores.js';
import type { StoreSummary } from '../../api/types.js';
import { EmptyState, LoadMore, ProductGrid } from '../../components/ProductGrid/ProductGrid.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { StoreLogo } from '../../components/StoreLogo.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { VerifiedBadge } from '../Store/StorefrontView.js';
import './Favourites.css';
import { Chevron } from '../../components/Chevron.js';

function FavouriteList() {
  const { t } = useTranslation();
  const favourites = useFavourites();
  usePageTitle(t('favourites.title'));
  if (favourites.isPending) return <PageLoading />;
  if (favourites.isError) return <LoadError error={favourites.error} onRetry={() => void favourites.refetch()} />;
  const cards = favourites.data.pages.flatMap((page) => page.data);
  return (
    <div className="me-list">
      <Link to="/account" className="back-link">
        ‹ {t('account.title')}
      </Link>
      <h1>{t('favourites.title')}</h1>
      {cards.length === 0 ? (
        <EmptyState title={t('favourites.empty')} text={t('favourites.emptyText')}>
          <Link to="/c" className="btn btn--primary btn--small">
            {t('favourites.browse')}
          </Link>
        </EmptyState>
      ) : (
        <ProductGrid cards={cards} label={t('favourites.title')} />
      )}
      {favourites.hasNextPage ? <LoadMore onClick={() => void favourites.fetchNextPage()} loading={favourites.isFetchingNextPage} /> : null}
    </div>
  );
}

export function StoreRow({ store }: { store: StoreSummary }) {
  const { t } = useTranslation();
  return (
    <li>
      <Link to={`/s/${store.handle}`} className="store-row">
        <StoreLogo name={store.name} logo={store.logo} color={store.theme_color} size={48} />
        <span className="store-row__text">
          <span className="store-row__name">
            {store.name}
            {store.verified ? <VerifiedBadge /> : null}
          </span>
          <span className="store-row__meta">{t('store.followers', { count: store.follower_count })}</span>
        </span>
        <Chevron />
      </Link>
    </li>
  );
}

function FollowingList() {
  const { t } = useTranslation();
  const following = useFollowing();
  usePageTitle(t('following.title'));
  if (following.isPending) return <PageLoading />;
  if (following.isError) return <LoadError error={following.error} onRetry={() => void following.refetch()} />;
  const stores = following.data.pages.flatMap((page) => page.data);
  return (
    <div className="me-list">
      <Link to="/account" className="back-link">
        ‹ {t('account.title')}
      </Link>
      <h1>{t('following.title')}</h1>
      {stores.length === 0 ? (
        <EmptyState title={t('following.empty')} text={t('following.emptyText')} />
      ) : (
        <ul className="store-rows" aria-label={t('following.title')}>
          {stores.map((store) => (
            <StoreRow key={store.id} store={store} />
          ))}
        </ul>
      )}
      {following.hasNextPage ? <LoadMore onClick={() => void following.fetchNextPage()} loading={following.isFetchingNextPage} /> : null}
    </div>
  );
}

export function FavouritesPage() {
  return (
    <RequireAuth>
      <FavouriteList />
    </RequireAuth>
  );
}

export function FollowingPage() {
  return (
    <RequireAuth>
      <FollowingList />
    </RequireAuth>
  );
}
