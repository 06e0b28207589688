import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../api/accounts.js';
import { EmptyState, ProductList } from '../../components/ProductGrid/ProductGrid.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import './Home.css';

function Point({ icon, title, text }: { icon: ReactNode; title: string; text: string }) {
  return (
    <li className="home-point">
      <span className="home-point__icon" aria-hidden="true">
        {icon}
      </span>
      <div>
        <h2 className="home-point__title">{title}</h2>
        <p className="home-point__text">{text}</p>
      </div>
    </li>
  );
}

const iconProps = {
  viewBox: '0 0 24 24',
  width: 22,
  height: 22,
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.8,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

export function Home() {
  const { t } = useTranslation();
  const me = useMe();
  const user = me.data;
  usePageTitle();
  return (
    <div className="home">
      <section className="home-hero" aria-labelledby="home-title">
        <p className="home-hero__eyebrow">{t('home.eyebrow')}</p>
        <h1 id="home-title" className="home-hero__title">
          {t('home.title')}
        </h1>
        <p className="home-hero__lead">{t('home.lead')}</p>
        {user ? (
          <div className="home-hero__welcome">
            <p className="home-hero__welcome-title">{t('home.welcomeBack', { name: user.display_name })}</p>
            <p className="home-hero__welcome-text">{t('home.welcomeLead')}</p>
            <div className="home-hero__welcome-actions">
              <Link to="/seller" className="btn btn--primary">
                {t('home.goToSeller')}
              </Link>
              <Link to="/account" className="btn btn--secondary">
                {t('home.goToAccount')}
              </Link>
            </div>
          </div>
        ) : (
          <div className="home-hero__actions">
            <Link to="/signup" className="btn btn--primary">
              {t('home.signUp')}
            </Link>
            <Link to="/signin" className="btn btn--secondary">
              {t('home.signIn')}
            </Link>
          </div>
        )}
      </section>
      <ul className="home-points" aria-label={t('home.pointsLabel')}>
        <Point
          title={t('home.pointShopTitle')}
          text={t('home.pointShopText')}
          icon={
            <svg aria-hidden="true" {...iconProps}>
              <rect x="6" y="2.5" width="12" height="19" rx="2.5" />
              <path d="M10.5 18.5h3" />
            </svg>
          }
        />
        <Point
          title={t('home.pointEscrowTitle')}
          text={t('home.pointEscrowText')}
          icon={
            <svg aria-hidden="true" {...iconProps}>
              <path d="M12 3 4.5 6v5.5c0 4.6 3.2 8.2 7.5 9.5 4.3-1.3 7.5-4.9 7.5-9.5V6z" />
              <path d="m8.8 12 2.2 2.2 4.2-4.4" />
            </svg>
          }
        />
        <Point
          title={t('home.pointSelfHostTitle')}
          text={t('home.pointSelfHostText')}
          icon={
            <svg aria-hidden="true" {...iconProps}>
              <rect x="3.5" y="4" width="17" height="6.5" rx="1.5" />
              <rect x="3.5" y="13.5" width="17" height="6.5" rx="1.5" />
              <path d="M7.5 7.25h.01M7.5 16.75h.01" />
            </svg>
          }
        />
      </ul>
      <section className="home-latest" aria-labelledby="latest-title">
        <div className="section-title">
          <h2 id="latest-title">{t('home.latest')}</h2>
          <Link to="/c">{t('home.allCategories')}</Link>
        </div>
        <ProductList
          filter={{}}
          limit={8}
          label={t('home.latest')}
          empty={<EmptyState title={t('home.noProducts')} text={t('home.noProductsText')} />}
        />
      </section>
    </div>
  );
}
