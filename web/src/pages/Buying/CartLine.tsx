import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRemoveCartLine, useUpdateCartLine } from '../../api/buying.js';
import type { CartLine } from '../../api/buying-types.js';
import { PhotoPlaceholder } from '../../components/ProductGrid/ProductGrid.js';
import { useMoney } from '../../components/useMoney.js';
import { imageUrl } from './format.js';

const MAX_QUANTITY = 999;

/** Whether a line cannot be bought as it is: its price moved, it ran short, or it is off sale. */
export function lineProblem(line: CartLine): boolean {
  return !line.available || line.price_changed || !line.enough_stock;
}

export function Thumb({ imageId }: { imageId: string | null }) {
  return <span className="thumb">{imageId ? <img src={imageUrl(imageId)} alt="" loading="lazy" /> : <PhotoPlaceholder />}</span>;
}

function Warnings({ line, currency }: { line: CartLine; currency: string }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const update = useUpdateCartLine();
  if (!line.available) return <p className="line-warning">{t('cart.unavailable')}</p>;
  return (
    <>
      {line.price_changed ? (
        <div className="line-warning" data-testid="price-changed">
          <span>{t('cart.priceChanged', { before: money(line.price_seen_minor, currency), now: money(line.price_minor, currency) })}</span>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={update.isPending}
            onClick={() => update.mutate({ sku_id: line.sku_id, quantity: Math.max(1, Math.min(line.quantity, line.stock)) })}
          >
            {t('cart.acceptPrice')}
          </button>
        </div>
      ) : null}
      {!line.enough_stock ? (
        <p className="line-warning" data-testid="low-stock">
          {line.stock === 0 ? t('cart.soldOut') : t('cart.notEnoughStock', { count: line.stock })}
        </p>
      ) : null}
    </>
  );
}

export function CartLineRow({ line, currency }: { line: CartLine; currency: string }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const update = useUpdateCartLine();
  const remove = useRemoveCartLine();
  const busy = update.isPending || remove.isPending;
  const max = Math.max(1, Math.min(MAX_QUANTITY, line.stock));
  const setQuantity = (quantity: number) => update.mutate({ sku_id: line.sku_id, quantity });
  return (
    <li className={`cart-line${lineProblem(line) ? ' cart-line--problem' : ''}`} data-testid="cart-line">
      <input
        type="checkbox"
        className="cart-line__check"
        checked={line.selected}
        disabled={busy || !line.available}
        aria-label={t('cart.select', { title: line.title })}
        onChange={(event) => update.mutate({ sku_id: line.sku_id, selected: event.target.checked })}
      />
      <Link to={`/p/${line.product_id}`} className="cart-line__photo" tabIndex={-1} aria-hidden="true">
        <Thumb imageId={line.image_id} />
      </Link>
      <div className="cart-line__body">
        <Link to={`/p/${line.product_id}`} className="cart-line__title">
          {line.title}
        </Link>
        {line.options.length > 0 ? <p className="cart-line__options">{line.options.join(' / ')}</p> : null}
        <Warnings line={line} currency={currency} />
        <div className="cart-line__bottom">
          <span className="cart-line__price">{money(line.price_minor, currency)}</span>
          <fieldset className="stepper">
            <legend className="visually-hidden">{t('cart.quantity')}</legend>
            <button
              type="button"
              className="stepper__button"
              aria-label={t('cart.decrease', { title: line.title })}
              disabled={busy || line.quantity <= 1}
              onClick={() => setQuantity(line.quantity - 1)}
            >
              −
            </button>
            <output className="stepper__value" aria-live="polite" data-testid="cart-quantity">
              {line.quantity}
            </output>
            <button
              type="button"
              className="stepper__button"
              aria-label={t('cart.increase', { title: line.title })}
              disabled={busy || line.quantity >= max}
              onClick={() => setQuantity(line.quantity + 1)}
            >
              +
            </button>
          </fieldset>
        </div>
        <button
          type="button"
          className="link-button cart-line__remove"
          aria-label={t('cart.removeLabel', { title: line.title })}
          disabled={busy}
          onClick={() => remove.mutate(line.sku_id)}
        >
          {t('cart.remove')}
        </button>
      </div>
    </li>
  );
}
