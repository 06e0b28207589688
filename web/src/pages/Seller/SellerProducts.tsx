import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useProducts } from '../../api/catalog.js';
import type { ProductStatus } from '../../api/types.js';
import { EmptyState, LoadMore, PhotoPlaceholder } from '../../components/ProductGrid/ProductGrid.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { sellerPath, useSellerStore } from './context.js';

const STATUSES: readonly ProductStatus[] = ['active', 'draft', 'delisted'];

export function StatusBadge({ status }: { status: ProductStatus }) {
  const { t } = useTranslation();
  const tone = { active: 'badge--success', draft: 'badge--warning', delisted: 'badge--muted' }[status];
  return (
    <span className={`badge ${tone}`} data-testid="status-badge">
      {t(`productStatus.${status}`)}
    </span>
  );
}

function isStatus(value: string | null): value is ProductStatus {
  return value === 'active' || value === 'draft' || value === 'delisted';
}

export function SellerProducts() {
  const { t } = useTranslation();
  const { store } = useSellerStore();
  const { range } = useMoney();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  const products = useProducts({ store_id: store.id, status }, 30);
  const notice = params.get('deleted');
  usePageTitle(`${t('seller.nav.products')} · ${store.name}`);

  const cards = products.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <div className="seller-page">
      <header className="seller-page__header seller-page__header--row">
        <h1>{t('sellerProducts.title')}</h1>
        <Link to={sellerPath(store.id, 'products/new')} className="btn btn--primary btn--small" data-testid="new-product">
          + {t('sellerProducts.new')}
        </Link>
      </header>
      {notice ? (
        <div className="alert alert--info" role="status">
          {notice === 'delisted' ? t('productEditor.deletedDelisted') : t('productEditor.deleted')}
        </div>
      ) : null}
      <fieldset className="chips plain-fieldset">
        <legend className="visually-hidden">{t('sellerProducts.filter')}</legend>
        <button type="button" className="chip" aria-pressed={status === undefined} onClick={() => setParams({}, { replace: true })}>
          {t('sellerProducts.all')}
        </button>
        {STATUSES.map((option) => (
          <button
            key={option}
            type="button"
            className="chip"
            aria-pressed={status === option}
            onClick={() => setParams({ status: option }, { replace: true })}
          >
            {t(`productStatus.${option}`)}
          </button>
        ))}
      </fieldset>
      {products.isPending ? <PageLoading /> : null}
      {products.isError ? <LoadError error={products.error} onRetry={() => void products.refetch()} /> : null}
      {products.isSuccess && cards.length === 0 ? (
        <EmptyState
          title={status ? t('sellerProducts.noneWithStatus') : t('sellerProducts.none')}
          text={status ? undefined : t('sellerProducts.noneText')}
        >
          {status ? null : (
            <Link to={sellerPath(store.id, 'products/new')} className="btn btn--primary btn--small">
              {t('sellerProducts.new')}
            </Link>
          )}
        </EmptyState>
      ) : null}
      {cards.length > 0 ? (
        <ul className="product-rows">
          {cards.map((card) => (
            <li key={card.id}>
              <Link to={sellerPath(store.id, `products/${card.id}`)} className="product-row" data-testid="product-row">
                <span className="product-row__photo">{card.image ? <img src={card.image.thumb} alt="" /> : <PhotoPlaceholder />}</span>
                <span className="product-row__text">
                  <span className="product-row__title">{card.title}</span>
                  <span className="product-row__meta">
                    <span className="product-row__price">{range(card.price_min_minor, card.price_max_minor, card.currency)}</span>
                    <span className={card.stock_total === 0 ? 'product-row__out' : undefined}>
                      {t('sellerProducts.stock', { count: card.stock_total })}
                    </span>
                  </span>
                </span>
                <StatusBadge status={card.status} />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {products.hasNextPage ? <LoadMore onClick={() => void products.fetchNextPage()} loading={products.isFetchingNextPage} /> : null}
    </div>
  );
}
