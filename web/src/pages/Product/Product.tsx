import { type CSSProperties, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMe } from '../../api/accounts.js';
import { useFavourite, useProduct } from '../../api/catalog.js';
import { isApiError } from '../../api/client.js';
import { useStore } from '../../api/stores.js';
import type { ProductAnswer } from '../../api/types.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { StoreLogo } from '../../components/StoreLogo.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { categoryName } from '../../lib/categories.js';
import { themeVariables } from '../../lib/colour.js';
import { NotFound } from '../NotFound/NotFound.js';
import { VerifiedBadge } from '../Store/StorefrontView.js';
import { BuyBox } from './BuyBox.js';
import { Gallery } from './Gallery.js';
import { chosenSku, type Selection, SkuPicker } from './SkuPicker.js';
import './Product.css';

function FavouriteButton({ productId, favourited }: { productId: string; favourited: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const favourite = useFavourite(productId);
  const click = () => {
    if (!me.data) {
      navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
      return;
    }
    favourite.mutate(!favourited);
  };
  return (
    <button
      type="button"
      className={`favourite-button${favourited ? ' favourite-button--on' : ''}`}
      onClick={click}
      disabled={favourite.isPending}
      aria-pressed={favourited}
      data-testid="favourite-button"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        width="22"
        height="22"
        fill={favourited ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      >
        <path d="M12 20s-7.5-4.6-7.5-10.2A4.3 4.3 0 0 1 12 7.2a4.3 4.3 0 0 1 7.5 2.6C19.5 15.4 12 20 12 20z" />
      </svg>
      <span>{favourited ? t('product.favourited') : t('product.favourite')}</span>
    </button>
  );
}

function ProductView({ answer }: { answer: ProductAnswer }) {
  const { t, i18n } = useTranslation();
  const { money, range } = useMoney();
  const { product, store } = answer;
  const me = useMe();
  // Only a signed-in user can be on the store's team; buyers skip the lookup.
  const team = useStore(me.data ? store.id : undefined);
  const role = team.data?.viewer.role ?? null;
  const [selection, setSelection] = useState<Selection>(() => product.options.map(() => null));
  const sku = chosenSku(product.skus, product.options, selection);
  const missing = product.options.filter((_, index) => selection[index] == null).map((option) => option.name);
  const soldOut = product.stock_total === 0;
  usePageTitle(product.title);

  let stockText: string;
  if (sku) stockText = sku.stock > 0 ? t('product.stock', { count: sku.stock }) : t('product.soldOut');
  else stockText = soldOut ? t('product.soldOut') : t('product.chooseOptions', { names: missing.join(t('common.listSeparator')) });

  return (
    <article className="product" style={themeVariables(store.theme_color) as unknown as CSSProperties}>
      {role && product.status !== 'active' ? (
        <div className="alert alert--info product__notice">
          <span>{t('product.hiddenNotice', { status: t(`productStatus.${product.status}`) })}</span>
        </div>
      ) : null}
      <nav className="product__crumbs" aria-label={t('product.category')}>
        {product.category.path.map((category, index) => (
          <span key={category.id}>
            {index > 0 ? <span aria-hidden="true"> › </span> : null}
            <Link to={`/c/${category.id}`}>{categoryName(category, i18n.language)}</Link>
          </span>
        ))}
      </nav>
      <div className="product__layout">
        <Gallery images={product.images} title={product.title} />
        <div className="product__info">
          <h1 className="product__title">{product.title}</h1>
          <div className="product__price-row">
            <p className="product__price" data-testid="product-price" aria-live="polite">
              {sku ? money(sku.price_minor, product.currency) : range(product.price_min_minor, product.price_max_minor, product.currency)}
            </p>
            <FavouriteButton productId={product.id} favourited={answer.viewer?.favourited ?? false} />
          </div>
          <p className={`product__stock${sku?.stock === 0 || soldOut ? ' product__stock--out' : ''}`} data-testid="product-stock">
            {stockText}
            {product.sold_count > 0 ? <span className="product__sold">{t('product.soldCount', { count: product.sold_count })}</span> : null}
          </p>
          {product.options.length > 0 ? (
            <SkuPicker options={product.options} skus={product.skus} selection={selection} onChange={setSelection} />
          ) : null}
          {product.status === 'active' ? <BuyBox product={product} sku={sku} missing={missing} /> : null}
          <Link to={`/s/${store.handle}`} className="store-card" data-testid="store-card">
            <StoreLogo name={store.name} logo={store.logo} color={store.theme_color} size={48} />
            <span className="store-card__text">
              <span className="store-card__name">
                {store.name}
                {store.verified ? <VerifiedBadge /> : null}
              </span>
              <span className="store-card__meta">{t('store.followers', { count: store.follower_count })}</span>
            </span>
            <span className="store-card__go">{t('product.visitStore')}</span>
          </Link>
          {role ? (
            <Link to={`/seller/${store.id}/products/${product.id}`} className="btn btn--secondary btn--small product__edit">
              {t('product.editInSeller')}
            </Link>
          ) : null}
        </div>
      </div>
      {product.attributes.length > 0 ? (
        <section className="product__section" aria-labelledby="attributes-title">
          <h2 id="attributes-title">{t('product.attributes')}</h2>
          <dl className="product__attributes">
            {product.attributes.map((attribute) => (
              <div key={`${attribute.name}:${attribute.value}`}>
                <dt>{attribute.name}</dt>
                <dd>{attribute.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      {product.description ? (
        <section className="product__section" aria-labelledby="description-title">
          <h2 id="description-title">{t('product.description')}</h2>
          <p className="product__description">{product.description}</p>
        </section>
      ) : null}
    </article>
  );
}

export function ProductPage() {
  const { id = '' } = useParams();
  const product = useProduct(id);
  if (product.isPending) return <PageLoading />;
  if (product.isError) {
    if (isApiError(product.error) && product.error.status === 404) return <NotFound />;
    return <LoadError error={product.error} onRetry={() => void product.refetch()} />;
  }
  // A new key per product resets the chosen options when moving from one product to another.
  return <ProductView key={product.data.product.id} answer={product.data} />;
}
