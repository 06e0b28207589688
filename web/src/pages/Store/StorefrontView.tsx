import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductCard, Store } from '../../api/types.js';
import { ProductGrid } from '../../components/ProductGrid/ProductGrid.js';
import { StoreLogo } from '../../components/StoreLogo.js';
import { themeVariables } from '../../lib/colour.js';
import './Store.css';

export function VerifiedBadge() {
  const { t } = useTranslation();
  return (
    <span className="verified-badge" data-testid="verified-badge">
      <svg aria-hidden="true" viewBox="0 0 20 20" width="14" height="14" fill="currentColor">
        <path d="M10 1.5 12.2 3l2.6-.1.9 2.5 2.1 1.6-.8 2.5.8 2.5-2.1 1.6-.9 2.5-2.6-.1L10 18.5 7.8 17l-2.6.1-.9-2.5-2.1-1.6.8-2.5-.8-2.5 2.1-1.6.9-2.5 2.6.1zm-1.2 11.3 5-5-1.2-1.2-3.8 3.8-1.9-1.9-1.2 1.2z" />
      </svg>
      {t('store.verified')}
    </span>
  );
}

export interface StorefrontViewData {
  store: Pick<Store, 'id' | 'name' | 'description' | 'type' | 'verified' | 'follower_count' | 'handle'>;
  theme_color: string;
  announcement: string;
  logo: Store['storefront']['logo'];
  banner: Store['storefront']['banner'];
  sections: { title: string; products: ProductCard[] }[];
}

/** The storefront as buyers see it: used by the store page and by the seller's draft preview. */
export function StorefrontView({
  data,
  actions,
  notice,
  children,
}: {
  data: StorefrontViewData;
  /** The follow button, or nothing in a preview. */
  actions?: ReactNode;
  /** Shown above everything, e.g. "this is a preview". */
  notice?: ReactNode;
  /** The list of all products, below the featured sections. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { store } = data;
  const style = themeVariables(data.theme_color) as unknown as CSSProperties;
  return (
    <div className="storefront" style={style} data-testid="storefront">
      {notice}
      <div className={`storefront__banner${data.banner ? '' : ' storefront__banner--plain'}`}>
        {data.banner ? <img src={data.banner.urls.large} alt="" /> : null}
      </div>
      <header className="storefront__header">
        <StoreLogo name={store.name} logo={data.logo} color={data.theme_color} size={72} className="storefront__logo" />
        <div className="storefront__identity">
          <h1 className="storefront__name">
            <span>{store.name}</span>
            {store.verified ? <VerifiedBadge /> : null}
          </h1>
          <p className="storefront__meta">
            <span data-testid="follower-count">{t('store.followers', { count: store.follower_count })}</span>
            <span aria-hidden="true">·</span>
            <span>{t(`storeTypes.${store.type}.name`)}</span>
          </p>
        </div>
        {actions ? <div className="storefront__actions">{actions}</div> : null}
      </header>
      {store.description ? <p className="storefront__description">{store.description}</p> : null}
      {data.announcement ? (
        <p className="storefront__announcement" data-testid="announcement">
          <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            width="20"
            height="20"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinejoin="round"
          >
            <path d="M4 10v4h3l6 4V6L7 10z" />
            <path d="M16.5 9a4 4 0 0 1 0 6M19 6.5a7.5 7.5 0 0 1 0 11" strokeLinecap="round" />
          </svg>
          <span>{data.announcement}</span>
        </p>
      ) : null}
      {data.sections
        .filter((section) => section.products.length > 0)
        .map((section, index) => (
          // Sections have no ids; their order is their identity within one storefront.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <section key={index} className="storefront__section" aria-label={section.title}>
            <h2 className="storefront__section-title">{section.title}</h2>
            <ProductGrid cards={section.products} label={section.title} />
          </section>
        ))}
      {children}
    </div>
  );
}
