import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCart } from '../../api/buying.js';
import type { Cart, CartGroup } from '../../api/buying-types.js';
import { EmptyState } from '../../components/ProductGrid/ProductGrid.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { CartLineRow, lineProblem } from './CartLine.js';
import { sumByCurrency } from './format.js';
import './Buying.css';

function StoreGroup({ group }: { group: CartGroup }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  return (
    <section className="card cart-store" aria-labelledby={`cart-store-${group.store.id}`} data-testid="cart-store">
      <h2 id={`cart-store-${group.store.id}`} className="cart-store__name">
        <Link to={`/s/${group.store.handle}`}>{group.store.name}</Link>
      </h2>
      <ul className="cart-lines">
        {group.lines.map((line) => (
          <CartLineRow key={line.sku_id} line={line} currency={group.currency} />
        ))}
      </ul>
      <p className="cart-store__subtotal">
        <span>{t('cart.subtotal')}</span>
        <strong>{money(group.subtotal_minor, group.currency)}</strong>
      </p>
    </section>
  );
}

/** The totals of what is selected, and whether anything selected needs attention first. */
export function selection(cart: Cart) {
  const lines = cart.stores.flatMap((group) => group.lines.filter((line) => line.selected).map((line) => ({ line, group })));
  return {
    count: lines.reduce((total, { line }) => total + line.quantity, 0),
    totals: sumByCurrency(cart.stores.map((group) => ({ currency: group.currency, amount_minor: group.subtotal_minor }))).filter(
      ([, amount]) => amount > 0,
    ),
    blocked: lines.some(({ line }) => lineProblem(line)),
  };
}

function CartView({ cart }: { cart: Cart }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const chosen = selection(cart);
  const totalText = chosen.totals.map(([currency, amount]) => money(amount, currency)).join(' + ') || money(0, 'CNY');
  return (
    <>
      {cart.stores.map((group) => (
        <StoreGroup key={group.store.id} group={group} />
      ))}
      <p className="page-note">{t('cart.shippingNote')}</p>
      {chosen.blocked ? (
        <div className="alert alert--error" role="alert">
          {t('cart.fixFirst')}
        </div>
      ) : null}
      <div className="checkout-bar" data-testid="checkout-bar">
        <div className="checkout-bar__total">
          <span className="checkout-bar__count">{t('cart.selectedCount', { count: chosen.count })}</span>
          <span>
            {t('cart.total')} <strong data-testid="cart-total">{totalText}</strong>
          </span>
        </div>
        {chosen.count > 0 && !chosen.blocked ? (
          <Link to="/checkout" className="btn btn--primary" data-testid="go-checkout">
            {t('cart.checkout')}
          </Link>
        ) : (
          <button type="button" className="btn btn--primary" disabled>
            {t('cart.checkout')}
          </button>
        )}
      </div>
    </>
  );
}

function CartContent() {
  const { t } = useTranslation();
  const cart = useCart();
  usePageTitle(t('cart.title'));
  return (
    <div className="buying-page">
      <h1>{t('cart.title')}</h1>
      {cart.isPending ? <PageLoading /> : null}
      {cart.isError ? <LoadError error={cart.error} onRetry={() => void cart.refetch()} /> : null}
      {cart.data && cart.data.stores.length === 0 ? (
        <EmptyState title={t('cart.empty')} text={t('cart.emptyText')}>
          <Link to="/" className="btn btn--primary btn--small">
            {t('cart.browse')}
          </Link>
        </EmptyState>
      ) : null}
      {cart.data && cart.data.stores.length > 0 ? <CartView cart={cart.data} /> : null}
    </div>
  );
}

export function CartPage() {
  return (
    <RequireAuth>
      <CartContent />
    </RequireAuth>
  );
}
