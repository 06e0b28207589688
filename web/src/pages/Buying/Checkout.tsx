import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type CheckoutInput, useCart, useCheckout, useShippingRules } from '../../api/buying.js';
import { useProduct } from '../../api/catalog.js';
import { isApiError } from '../../api/client.js';
import { TextAreaField } from '../../components/Field.js';
import { EmptyState } from '../../components/ProductGrid/ProductGrid.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { AddressPicker } from './AddressPicker.js';
import { knownShippingFee, StoreSummary, type SummaryGroup, subtotalOf } from './CheckoutSummary.js';
import { sumByCurrency } from './format.js';
import { Steps } from './Steps.js';
import './Buying.css';

/** What is being bought: the cart's selected lines, or one SKU from "buy now" (`?product=…&sku=…&quantity=…`). */
function useGroups(): { groups: SummaryGroup[] | undefined; items: CheckoutInput['items']; error: unknown; retry: () => void } {
  const [params] = useSearchParams();
  const productId = params.get('product') ?? undefined;
  const skuId = params.get('sku');
  const quantity = Math.max(1, Math.min(999, Number(params.get('quantity')) || 1));
  const cart = useCart(!productId);
  const product = useProduct(productId);
  if (productId) {
    if (!product.data) return { groups: undefined, items: undefined, error: product.error, retry: () => void product.refetch() };
    const { product: item, store } = product.data;
    const sku = item.skus.find((candidate) => candidate.id === skuId) ?? (item.skus.length === 1 ? item.skus[0] : undefined);
    if (!sku) return { groups: [], items: undefined, error: null, retry: () => undefined };
    const line = {
      sku_id: sku.id,
      title: item.title,
      options: sku.options,
      image_id: item.images[0]?.id ?? null,
      quantity,
      price_minor: sku.price_minor,
    };
    return {
      groups: [{ store: { id: store.id, name: store.name }, currency: item.currency, lines: [line] }],
      items: [{ sku_id: sku.id, quantity, price_minor: sku.price_minor }],
      error: null,
      retry: () => undefined,
    };
  }
  if (!cart.data) return { groups: undefined, items: undefined, error: cart.error, retry: () => void cart.refetch() };
  const groups = cart.data.stores
    .map((group) => ({
      store: group.store,
      currency: group.currency,
      lines: group.lines.filter((line) => line.selected && line.available),
    }))
    .filter((group) => group.lines.length > 0);
  return { groups, items: undefined, error: null, retry: () => undefined };
}

function CheckoutForm({ groups, items }: { groups: SummaryGroup[]; items: CheckoutInput['items'] }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const navigate = useNavigate();
  const checkout = useCheckout();
  const [addressId, setAddressId] = useState<string>();
  const [note, setNote] = useState('');
  const [formError, setFormError] = useState<string>();
  const [storeError, setStoreError] = useState<{ storeId: string; message: string }>();
  const chooseAddress = useCallback((id: string) => setAddressId(id), []);
  const rules = useShippingRules(groups.map((group) => group.store.id));
  const fees = groups.map((group) => {
    const rule = rules.get(group.store.id);
    return rule ? knownShippingFee(rule, subtotalOf(group)) : undefined;
  });
  const estimate = fees.some((fee) => fee === undefined);
  const totals = sumByCurrency(
    groups.map((group, index) => ({ currency: group.currency, amount_minor: subtotalOf(group) + (fees[index] ?? 0) })),
  );

  const place = () => {
    setFormError(undefined);
    setStoreError(undefined);
    if (!addressId) return setFormError(t('checkout.chooseAddress'));
    const input: CheckoutInput = { address_id: addressId, ...(items ? { items } : {}), ...(note.trim() ? { note: note.trim() } : {}) };
    checkout.mutate(input, {
      onSuccess: (answer) => navigate(`/checkout/pay?orders=${answer.orders.map((order) => order.id).join(',')}`, { replace: true }),
      onError: (error) => {
        const storeId = isApiError(error) && error.code === 'does_not_ship_there' ? error.param : undefined;
        if (storeId) setStoreError({ storeId, message: t('checkout.noShipTo') });
        else setFormError(isApiError(error) && error.code === 'price_changed' ? t('checkout.priceChangedFix') : errorMessage(t, error));
      },
    });
  };

  return (
    <>
      <section className="card" aria-labelledby="address-title">
        <h2 id="address-title" className="card__title card__title--spaced">
          {t('address.title')}
        </h2>
        <AddressPicker value={addressId} onChange={chooseAddress} />
      </section>
      {groups.length > 1 ? <p className="page-note">{t('checkout.ordersPerStore')}</p> : null}
      {groups.map((group) => (
        <StoreSummary
          key={group.store.id}
          group={group}
          rule={rules.get(group.store.id)}
          error={storeError?.storeId === group.store.id ? storeError.message : undefined}
        />
      ))}
      <section className="card">
        <TextAreaField
          label={t('checkout.note')}
          name="note"
          optional
          maxLength={500}
          rows={2}
          placeholder={t('checkout.notePlaceholder')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </section>
      <FormAlert message={formError} />
      {formError === t('checkout.priceChangedFix') ? (
        <Link to="/cart" className="btn btn--secondary btn--small">
          {t('checkout.backToCart')}
        </Link>
      ) : null}
      <div className="checkout-bar">
        <div className="checkout-bar__total">
          <span className="checkout-bar__count">{estimate ? t('checkout.totalEstimate') : t('checkout.total')}</span>
          <strong data-testid="checkout-total">{totals.map(([currency, amount]) => money(amount, currency)).join(' + ')}</strong>
        </div>
        <button type="button" className="btn btn--primary" onClick={place} disabled={checkout.isPending} data-testid="place-order">
          {checkout.isPending ? t('checkout.placing') : t('checkout.place')}
        </button>
      </div>
    </>
  );
}

function CheckoutContent() {
  const { t } = useTranslation();
  const { groups, items, error, retry } = useGroups();
  usePageTitle(t('checkout.title'));
  let body = <PageLoading />;
  if (error) body = <LoadError error={error} onRetry={retry} />;
  else if (groups && groups.length === 0) {
    body = (
      <EmptyState title={t('checkout.nothing')} text={t('checkout.nothingText')}>
        <Link to="/cart" className="btn btn--secondary btn--small">
          {t('checkout.backToCart')}
        </Link>
      </EmptyState>
    );
  } else if (groups) body = <CheckoutForm groups={groups} items={items} />;
  return (
    <div className="buying-page">
      <Steps current={0} />
      <h1>{t('checkout.title')}</h1>
      {body}
    </div>
  );
}

export function CheckoutPage() {
  return (
    <RequireAuth>
      <CheckoutContent />
    </RequireAuth>
  );
}
