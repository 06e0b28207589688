import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMe } from '../../api/accounts.js';
import { isApiError } from '../../api/client.js';
import { useFollow, useStore, useStorefront } from '../../api/stores.js';
import { EmptyState, ProductList } from '../../components/ProductGrid/ProductGrid.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { NotFound } from '../NotFound/NotFound.js';
import { StorefrontView } from './StorefrontView.js';

function FollowButton({ storeId, following }: { storeId: string; following: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const follow = useFollow(storeId);
  const click = () => {
    if (!me.data) {
      navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
      return;
    }
    follow.mutate(!following);
  };
  return (
    <button
      type="button"
      className={`btn btn--small ${following ? 'btn--secondary' : 'btn--primary'} follow-button`}
      onClick={click}
      disabled={follow.isPending}
      aria-pressed={following}
      data-testid="follow-button"
    >
      {following ? (
        t('store.following')
      ) : (
        <>
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            width="16"
            height="16"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
          >
            <path d="M10 4v12M4 10h12" />
          </svg>
          {t('store.follow')}
        </>
      )}
    </button>
  );
}

export function StorePage() {
  const { t } = useTranslation();
  const { handle = '' } = useParams();
  const storefront = useStorefront(handle);
  const viewer = useStore(handle);
  usePageTitle(storefront.data?.store.name);

  if (storefront.isPending) return <PageLoading />;
  if (storefront.isError) {
    if (isApiError(storefront.error) && storefront.error.status === 404) return <NotFound />;
    return <LoadError error={storefront.error} onRetry={() => void storefront.refetch()} />;
  }
  const { store, storefront: layout } = storefront.data;
  const role = viewer.data?.viewer.role ?? null;
  const following = viewer.data?.viewer.following ?? false;
  const followers = viewer.data?.store.follower_count ?? store.follower_count;

  const notice = role ? (
    <div className="alert alert--info storefront__team-notice">
      <span>{store.published_at ? t('store.teamNotice') : t('store.notPublishedNotice')}</span>
      <Link to={`/seller/${store.id}/storefront`} className="btn btn--secondary btn--small">
        {t('store.editStorefront')}
      </Link>
    </div>
  ) : null;

  return (
    <StorefrontView
      data={{ store: { ...store, follower_count: followers }, ...layout }}
      notice={notice}
      actions={<FollowButton storeId={store.id} following={following} />}
    >
      <section className="storefront__section" aria-labelledby="all-products">
        <h2 id="all-products" className="storefront__section-title">
          {t('store.allProducts')}
        </h2>
        <ProductList
          filter={{ store_id: store.id, status: 'active' }}
          label={t('store.allProducts')}
          empty={<EmptyState title={t('store.noProducts')} text={t('store.noProductsText')} />}
        />
      </section>
    </StorefrontView>
  );
}
