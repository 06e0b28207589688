import { useTranslation } from 'react-i18next';
import type { ShippingRule } from '../../api/buying-types.js';
import { useMoney } from '../../components/useMoney.js';
import { Thumb } from './CartLine.js';

export interface SummaryLine {
  sku_id: string;
  title: string;
  options: string[];
  image_id: string | null;
  quantity: number;
  price_minor: number;
}

export interface SummaryGroup {
  store: { id: string; name: string };
  currency: string;
  lines: SummaryLine[];
}

export const subtotalOf = (group: SummaryGroup) => group.lines.reduce((total, line) => total + line.price_minor * line.quantity, 0);

/** The fee when the rule fixes it without the goods' weight; undefined when only the order can say. */
export function knownShippingFee(rule: ShippingRule, items_minor: number): number | undefined {
  if (rule.free_over_minor !== null && items_minor >= rule.free_over_minor) return 0;
  if (rule.mode === 'flat') return rule.base_minor;
  return undefined;
}

export function OrderLines({ lines, currency }: { lines: readonly SummaryLine[]; currency: string }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  return (
    <ul className="order-lines">
      {lines.map((line) => (
        <li key={line.sku_id} className="order-line">
          <Thumb imageId={line.image_id} />
          <span className="order-line__text">
            <span className="order-line__title">{line.title}</span>
            {line.options.length > 0 ? <span className="order-line__options">{line.options.join(' / ')}</span> : null}
          </span>
          <span className="order-line__money">
            <span>{money(line.price_minor, currency)}</span>
            <span className="order-line__quantity">{t('orders.quantityTimes', { count: line.quantity })}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** One store's part of the checkout: its lines, subtotal and shipping by the store's rule. */
export function StoreSummary({ group, rule, error }: { group: SummaryGroup; rule: ShippingRule | undefined; error?: string | undefined }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const subtotal = subtotalOf(group);
  const fee = rule ? knownShippingFee(rule, subtotal) : undefined;
  let shippingText = '…';
  if (rule) {
    if (fee === 0) shippingText = t('checkout.shippingFree');
    else if (fee !== undefined) shippingText = money(fee, group.currency);
    else shippingText = t('checkout.shippingByWeight', { fee: money(rule.base_minor, group.currency) });
  }
  const freeOver = rule?.free_over_minor;
  return (
    <section className="card checkout-store" aria-labelledby={`summary-${group.store.id}`} data-testid="checkout-store">
      <h2 id={`summary-${group.store.id}`} className="checkout-store__name">
        {group.store.name}
      </h2>
      <OrderLines lines={group.lines} currency={group.currency} />
      <dl className="sums">
        <div>
          <dt>{t('checkout.itemsTotal')}</dt>
          <dd>{money(subtotal, group.currency)}</dd>
        </div>
        <div>
          <dt>
            {t('checkout.shipping')}
            {freeOver && fee !== 0 ? (
              <span className="sums__hint">{t('checkout.shippingFreeOver', { amount: money(freeOver, group.currency) })}</span>
            ) : null}
          </dt>
          <dd>{shippingText}</dd>
        </div>
        {fee !== undefined ? (
          <div className="sums__total">
            <dt>{t('checkout.storeTotal')}</dt>
            <dd>{money(subtotal + fee, group.currency)}</dd>
          </div>
        ) : null}
      </dl>
      {error ? (
        <div className="alert alert--error" role="alert">
          {error}
        </div>
      ) : null}
    </section>
  );
}
