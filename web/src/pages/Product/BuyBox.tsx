import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useMe } from '../../api/accounts.js';
import { useAddToCart } from '../../api/buying.js';
import type { Product, Sku } from '../../api/types.js';
import { FormAlert } from '../../components/Status.js';
import { errorMessage } from '../../i18n/index.js';

/** Quantity, "add to cart" and "buy now" for the chosen SKU; a signed-out visitor is asked to sign in first. */
export function BuyBox({ product, sku, missing }: { product: Product; sku: Sku | undefined; missing: string[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const add = useAddToCart();
  const [quantity, setQuantity] = useState(1);
  const [hint, setHint] = useState<string>();
  const stock = sku?.stock ?? product.stock_total;
  const max = Math.max(1, Math.min(999, stock));
  const count = Math.min(quantity, max);
  const soldOut = sku ? sku.stock === 0 : product.stock_total === 0;

  const ready = (): Sku | undefined => {
    if (!me.data) {
      navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
      return undefined;
    }
    if (!sku) setHint(t('productBuy.chooseFirst', { names: missing.join(t('common.listSeparator')) }));
    return sku;
  };
  const addToCart = () => {
    const chosen = ready();
    if (chosen) add.mutate({ sku_id: chosen.id, quantity: count });
  };
  const buyNow = () => {
    const chosen = ready();
    if (chosen) navigate(`/checkout?product=${product.id}&sku=${chosen.id}&quantity=${count}`);
  };

  return (
    <div className="buy-box" data-testid="buy-box">
      <div className="buy-box__quantity">
        <span className="buy-box__label" id="buy-quantity-label">
          {t('productBuy.quantity')}
        </span>
        <fieldset className="stepper" aria-labelledby="buy-quantity-label">
          <button
            type="button"
            className="stepper__button"
            aria-label={t('cart.decrease', { title: product.title })}
            disabled={count <= 1}
            onClick={() => setQuantity(count - 1)}
          >
            −
          </button>
          <output className="stepper__value" aria-live="polite">
            {count}
          </output>
          <button
            type="button"
            className="stepper__button"
            aria-label={t('cart.increase', { title: product.title })}
            disabled={count >= max || soldOut}
            onClick={() => setQuantity(count + 1)}
          >
            +
          </button>
        </fieldset>
      </div>
      {hint && !sku ? <p className="buy-box__hint">{hint}</p> : null}
      <FormAlert message={add.error ? errorMessage(t, add.error) : undefined} />
      <div className="buy-box__buttons">
        <button
          type="button"
          className="btn btn--secondary"
          disabled={soldOut || add.isPending}
          onClick={addToCart}
          data-testid="add-to-cart"
        >
          {add.isPending ? t('productBuy.adding') : t('productBuy.addToCart')}
        </button>
        <button type="button" className="btn btn--primary" disabled={soldOut} onClick={buyNow} data-testid="buy-now">
          {soldOut ? t('productBuy.soldOut') : t('productBuy.buyNow')}
        </button>
      </div>
      {add.isSuccess && !add.isPending ? (
        <p className="buy-box__added" role="status" data-testid="added-to-cart">
          {t('productBuy.added')} <Link to="/cart">{t('productBuy.goToCart')}</Link>
        </p>
      ) : null}
    </div>
  );
}
