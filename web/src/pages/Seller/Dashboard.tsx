import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useProducts } from '../../api/catalog.js';
import { useVisits } from '../../api/stores.js';
import { Chevron } from '../../components/Chevron.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { sellerPath, useSellerStore } from './context.js';

function Check({ done }: { done: boolean }) {
  return (
    <span className={`checklist__mark${done ? ' checklist__mark--done' : ''}`} aria-hidden="true">
      {done ? (
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          width="14"
          height="14"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.6"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="m4.5 10.5 3.5 3.5 7.5-8" />
        </svg>
      ) : null}
    </span>
  );
}

export function Dashboard() {
  const { t } = useTranslation();
  const { store } = useSellerStore();
  const [params] = useSearchParams();
  const products = useProducts({ store_id: store.id }, 20);
  const active = useProducts({ store_id: store.id, status: 'active' }, 1);
  const visits = useVisits(store.id, 30);
  usePageTitle(`${t('seller.nav.overview')} · ${store.name}`);

  const draft = store.storefront_draft;
  const decorated = Boolean(draft && (draft.announcement || draft.logo_image_id || draft.banner_image_id || draft.sections.length > 0));
  const listed = (active.data?.pages[0]?.data.length ?? 0) > 0;
  const published = store.published_at !== null;
  const shared = Object.values(visits.data?.totals_by_source ?? {}).some((count) => count > 0);
  const productCount = products.data?.pages[0]?.data.length ?? 0;
  const moreProducts = Boolean(products.data?.pages[0]?.next_cursor);
  const totalVisits = Object.values(visits.data?.totals_by_source ?? {}).reduce((sum, count) => sum + count, 0);

  const steps = [
    { done: decorated, label: t('dashboard.stepDecorate'), to: sellerPath(store.id, 'storefront') },
    { done: listed, label: t('dashboard.stepList'), to: sellerPath(store.id, 'products/new') },
    { done: published, label: t('dashboard.stepPublish'), to: sellerPath(store.id, 'storefront') },
    { done: shared, label: t('dashboard.stepShare'), to: sellerPath(store.id, 'share') },
  ];
  const left = steps.filter((step) => !step.done).length;

  return (
    <div className="seller-page">
      {params.get('opened') ? (
        <div className="alert alert--info" role="status">
          {t('dashboard.opened', { name: store.name })}
        </div>
      ) : null}
      <div className="stats">
        <div className="stat">
          <span className="stat__value">{products.isSuccess ? `${productCount}${moreProducts ? '+' : ''}` : '–'}</span>
          <span className="stat__label">{t('dashboard.products')}</span>
        </div>
        <div className="stat">
          <span className="stat__value">{store.follower_count}</span>
          <span className="stat__label">{t('dashboard.followers')}</span>
        </div>
        <div className="stat">
          <span className="stat__value">{visits.isSuccess ? totalVisits : '–'}</span>
          <span className="stat__label">{t('dashboard.visits30')}</span>
        </div>
      </div>
      {left > 0 ? (
        <section className="card checklist" aria-labelledby="checklist-title">
          <h2 id="checklist-title" className="card__title">
            {t('dashboard.checklistTitle')}
          </h2>
          <p className="card__hint">{t('dashboard.checklistLead', { count: left })}</p>
          <ol className="checklist__steps">
            {steps.map((step) => (
              <li key={step.label}>
                <Link to={step.to} className={`checklist__step${step.done ? ' checklist__step--done' : ''}`}>
                  <Check done={step.done} />
                  <span>{step.label}</span>
                  <Chevron className="checklist__chevron" />
                </Link>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <div className="tiles">
        <Link to={sellerPath(store.id, 'products/new')} className="tile tile--primary" data-testid="new-product-tile">
          <span className="tile__title">{t('dashboard.newProduct')}</span>
          <span className="tile__text">{t('dashboard.newProductText')}</span>
        </Link>
        <Link to={sellerPath(store.id, 'storefront')} className="tile">
          <span className="tile__title">{t('seller.nav.storefront')}</span>
          <span className="tile__text">{t('dashboard.storefrontText')}</span>
        </Link>
        <Link to={sellerPath(store.id, 'products')} className="tile">
          <span className="tile__title">{t('seller.nav.products')}</span>
          <span className="tile__text">{t('dashboard.productsText')}</span>
        </Link>
        <Link to={sellerPath(store.id, 'share')} className="tile">
          <span className="tile__title">{t('seller.nav.share')}</span>
          <span className="tile__text">{t('dashboard.shareText')}</span>
        </Link>
      </div>
    </div>
  );
}
