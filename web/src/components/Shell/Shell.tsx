import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useMe } from '../../api/accounts.js';
import { cartCount, useCart } from '../../api/buying.js';
import { LanguageSwitch } from '../LanguageSwitch.js';
import { SearchBox } from '../SearchBox/SearchBox.js';
import './Shell.css';

/** The frame the tab bar icons share: a 24×24 outline drawn in the current colour. */
function TabIcon({ children, round }: { children: ReactNode; round: 'join' | 'cap' }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      width="24"
      height="24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      {...(round === 'join' ? { strokeLinejoin: 'round' } : { strokeLinecap: 'round' })}
    >
      {children}
    </svg>
  );
}

function HomeIcon() {
  return (
    <TabIcon round="join">
      <path d="M3.5 10.5 12 4l8.5 6.5" />
      <path d="M5.5 9v10.5h13V9" />
      <path d="M10 19.5v-5h4v5" />
    </TabIcon>
  );
}

function GridIcon() {
  return (
    <TabIcon round="join">
      <rect x="4" y="4" width="6.5" height="6.5" rx="1.5" />
      <rect x="13.5" y="4" width="6.5" height="6.5" rx="1.5" />
      <rect x="4" y="13.5" width="6.5" height="6.5" rx="1.5" />
      <rect x="13.5" y="13.5" width="6.5" height="6.5" rx="1.5" />
    </TabIcon>
  );
}

function ShopIcon() {
  return (
    <TabIcon round="join">
      <path d="M4 9.5 5.5 4.5h13L20 9.5" />
      <path d="M4 9.5c0 1.4 1.1 2.5 2.7 2.5s2.6-1.1 2.6-2.5c0 1.4 1.1 2.5 2.7 2.5s2.7-1.1 2.7-2.5c0 1.4 1 2.5 2.6 2.5S20 10.9 20 9.5" />
      <path d="M5.5 12v8h13v-8" />
      <path d="M10 20v-4.5h4V20" />
    </TabIcon>
  );
}

function PersonIcon() {
  return (
    <TabIcon round="cap">
      <circle cx="12" cy="8.5" r="4" />
      <path d="M4.5 20c1.2-3.6 4-5.5 7.5-5.5s6.3 1.9 7.5 5.5" />
    </TabIcon>
  );
}

function CartIcon() {
  return (
    <TabIcon round="join">
      <path d="M3 4.5h2.2l2.3 10.5h10.2l2-7.5H6.3" />
      <circle cx="9.5" cy="19" r="1.4" />
      <circle cx="16.5" cy="19" r="1.4" />
    </TabIcon>
  );
}

/** The cart in the top bar, with how many pieces are in it. */
function CartLink() {
  const { t } = useTranslation();
  const cart = useCart();
  const count = cartCount(cart.data);
  return (
    <NavLink to="/cart" className="cart-link" aria-label={t('cart.link', { count })} data-testid="cart-link">
      <CartIcon />
      {count > 0 ? (
        <span className="cart-link__count" aria-hidden="true" data-testid="cart-count">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </NavLink>
  );
}

export function initialOf(name: string): string {
  return Array.from(name.trim())[0]?.toUpperCase() ?? '?';
}

function AccountLink() {
  const { t } = useTranslation();
  const me = useMe();
  const { pathname } = useLocation();
  if (me.isPending) return <span className="account-link account-link--placeholder" aria-hidden="true" />;
  if (!me.data) {
    // On the sign-in page itself the button would only point at where the user already is.
    if (pathname === '/signin') return null;
    return (
      <Link to="/signin" className="btn btn--primary btn--small account-link__signin">
        {t('nav.signIn')}
      </Link>
    );
  }
  const name = me.data.display_name;
  return (
    <Link to="/account" className="account-link" aria-label={t('nav.accountOf', { name })} data-testid="account-link">
      <span className="avatar" aria-hidden="true">
        {initialOf(name)}
      </span>
      <span className="account-link__name">{name}</span>
    </Link>
  );
}

/** Pages for sellers and operators are at work, not shopping: they have no search box. */
function isBuyerPage(pathname: string): boolean {
  return !/^\/(seller|operator)(\/|$)/.test(pathname);
}

export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const { pathname } = useLocation();
  const search = isBuyerPage(pathname);
  const signedIn = Boolean(me.data);
  const tabClass = ({ isActive }: { isActive: boolean }) => `tabbar__tab${isActive ? ' tabbar__tab--active' : ''}`;
  const navClass = ({ isActive }: { isActive: boolean }) => `topnav__link${isActive ? ' topnav__link--active' : ''}`;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className={`topbar__inner container${search ? ' topbar__inner--search' : ''}`}>
          <Link to="/" className="brand" aria-label={t('app.home')}>
            <span className="brand__mark" aria-hidden="true">
              集
            </span>
            <span className="brand__name" lang="zh-CN">
              集市
            </span>
            <span className="brand__latin" lang="en">
              Jishi
            </span>
          </Link>
          <nav className="topnav" aria-label={t('nav.label')}>
            <NavLink to="/" end className={navClass}>
              {t('nav.home')}
            </NavLink>
            <NavLink to="/c" className={navClass}>
              {t('nav.categories')}
            </NavLink>
            {signedIn ? (
              <NavLink to="/orders" className={navClass}>
                {t('buyingNav.orders')}
              </NavLink>
            ) : null}
            {signedIn ? (
              <NavLink to="/seller" className={navClass}>
                {t('nav.seller')}
              </NavLink>
            ) : null}
            <NavLink to="/account" className={navClass}>
              {t('nav.account')}
            </NavLink>
          </nav>
          {search ? (
            <div className="topbar__search">
              <SearchBox />
            </div>
          ) : null}
          <div className="topbar__actions">
            {signedIn ? <CartLink /> : null}
            <LanguageSwitch />
            <AccountLink />
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <div className="container">
          <Outlet />
        </div>
      </main>
      <nav className="tabbar" aria-label={t('nav.label')}>
        <NavLink to="/" end className={tabClass}>
          <HomeIcon />
          <span>{t('nav.home')}</span>
        </NavLink>
        <NavLink to="/c" className={tabClass}>
          <GridIcon />
          <span>{t('nav.categories')}</span>
        </NavLink>
        {signedIn ? (
          <NavLink to="/seller" className={tabClass}>
            <ShopIcon />
            <span>{t('nav.sellerShort')}</span>
          </NavLink>
        ) : null}
        <NavLink to="/account" className={tabClass}>
          <PersonIcon />
          <span>{t('nav.account')}</span>
        </NavLink>
      </nav>
    </div>
  );
}
