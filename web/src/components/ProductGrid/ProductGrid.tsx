import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ProductFilter, useProducts } from '../../api/catalog.js';
import type { ProductCard } from '../../api/types.js';
import { LoadError, PageLoading } from '../Status.js';
import { useMoney } from '../useMoney.js';
import './ProductGrid.css';

export function PhotoPlaceholder({ className = '' }: { className?: string }) {
  return (
    <span className={`photo-placeholder ${className}`} aria-hidden="true">
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        width="28"
        height="28"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinejoin="round"
      >
        <rect x="3" y="5" width="18" height="14" rx="2" />
        <circle cx="9" cy="10" r="1.8" />
        <path d="m4 17 5-4.5 3.5 3 3-2.5L20 17" />
      </svg>
    </span>
  );
}

/**
 * One product in a grid. Search results pass the title with the matched words marked, and
 * the store's name, which other grids (a store's own page, say) do not need.
 */
export function ProductTile({ card, title, storeName }: { card: ProductCard; title?: ReactNode; storeName?: string }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const soldOut = card.stock_total === 0;
  const lowest = money(card.price_min_minor, card.currency);
  return (
    <li className="product-tile">
      <Link to={`/p/${card.id}`} className="product-tile__link" data-testid="product-tile">
        <span className="product-tile__photo">
          {card.image ? <img src={card.image.medium} alt="" loading="lazy" decoding="async" /> : <PhotoPlaceholder />}
          {soldOut ? <span className="product-tile__flag">{t('product.soldOut')}</span> : null}
        </span>
        <span className="product-tile__title">{title ?? card.title}</span>
        <span className="product-tile__price">
          {/* A tile has room for one price: the lowest, marked as a starting price when the SKUs differ. */}
          {card.price_min_minor === card.price_max_minor ? lowest : t('product.priceFrom', { price: lowest })}
        </span>
        {storeName !== undefined || card.sold_count > 0 ? (
          <span className="product-tile__meta">
            {storeName !== undefined ? <span className="product-tile__store">{storeName}</span> : null}
            {card.sold_count > 0 ? <span className="product-tile__sold">{t('product.soldCount', { count: card.sold_count })}</span> : null}
          </span>
        ) : null}
      </Link>
    </li>
  );
}

export function ProductGrid({ cards, label }: { cards: readonly ProductCard[]; label?: string }) {
  return (
    <ul className="product-grid" aria-label={label}>
      {cards.map((card) => (
        <ProductTile key={card.id} card={card} />
      ))}
    </ul>
  );
}

export function LoadMore({ onClick, loading }: { onClick: () => void; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="load-more">
      <button type="button" className="btn btn--secondary" onClick={onClick} disabled={loading}>
        {loading ? t('common.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}

export function EmptyState({ title, text, children }: { title: string; text?: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {text ? <p className="empty-state__text">{text}</p> : null}
      {children}
    </div>
  );
}

/** A grid of product cards fetched a page at a time, with "load more". */
export function ProductList({
  filter,
  label,
  empty,
  limit = 20,
}: {
  filter: ProductFilter;
  label?: string;
  empty: ReactNode;
  limit?: number;
}) {
  const products = useProducts(filter, limit);
  if (products.isPending) return <PageLoading />;
  if (products.isError) return <LoadError error={products.error} onRetry={() => void products.refetch()} />;
  const cards = products.data.pages.flatMap((page) => page.data);
  if (cards.length === 0) return empty;
  return (
    <>
      <ProductGrid cards={cards} label={label} />
      {products.hasNextPage ? <LoadMore onClick={() => void products.fetchNextPage()} loading={products.isFetchingNextPage} /> : null}
    </>
  );
}
