import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useAdjustStock, useProduct, useStockHistory } from '../../api/catalog.js';
import { isApiError } from '../../api/client.js';
import type { Product, StockReason } from '../../api/types.js';
import { Field, SelectField } from '../../components/Field.js';
import { focusFirstInvalid } from '../../components/forms.js';
import { LoadMore, PhotoPlaceholder } from '../../components/ProductGrid/ProductGrid.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { parseWholeNumber } from '../../lib/money.js';
import { formatDateTime } from '../Account/format.js';
import { NotFound } from '../NotFound/NotFound.js';
import { sellerPath, useSellerStore } from './context.js';

const REASONS: readonly StockReason[] = ['restock', 'correction', 'damage', 'return', 'other'];

function skuLabel(product: Product, skuId: string, fallback: string): string {
  const sku = product.skus.find((candidate) => candidate.id === skuId);
  if (!sku) return fallback;
  return sku.options.length > 0 ? sku.options.join(' / ') : fallback;
}

function AdjustForm({ product }: { product: Product }) {
  const { t } = useTranslation();
  const adjust = useAdjustStock(product.id);
  const formRef = useRef<HTMLFormElement>(null);
  const [skuId, setSkuId] = useState(product.skus[0]?.id ?? '');
  const [direction, setDirection] = useState<1 | -1>(1);
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState<StockReason>('restock');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ quantity?: string | undefined; form?: string | undefined }>({});
  const [done, setDone] = useState<string>();
  const sku = product.skus.find((candidate) => candidate.id === skuId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    const amount = parseWholeNumber(quantity, { min: 1, max: 1_000_000 });
    if (amount === undefined) {
      setErrors({ quantity: t('stock.quantityInvalid') });
      return focusFirstInvalid(formRef.current);
    }
    setErrors({});
    adjust.mutate(
      { sku_id: skuId, delta: direction * amount, reason, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: ({ adjustment }) => {
          setQuantity('');
          setNote('');
          setDone(t('stock.adjusted', { stock: adjustment.stock_after }));
        },
        onError: (error) => {
          if (isApiError(error) && (error.code === 'stock_would_go_negative' || error.param === 'delta')) {
            setErrors({ quantity: t('stock.wouldGoNegative', { stock: sku?.stock ?? 0 }) });
            focusFirstInvalid(formRef.current);
          } else setErrors({ form: errorMessage(t, error) });
        },
      },
    );
  };

  return (
    <form ref={formRef} className="card form" onSubmit={submit} noValidate aria-labelledby="adjust-title">
      <h2 id="adjust-title" className="card__title">
        {t('stock.adjustTitle')}
      </h2>
      <FormAlert message={errors.form} />
      {product.skus.length > 1 ? (
        <SelectField label={t('stock.sku')} name="sku_id" value={skuId} onChange={(event) => setSkuId(event.target.value)}>
          {product.skus.map((option) => (
            <option key={option.id} value={option.id}>
              {option.options.join(' / ')} · {t('stock.current', { count: option.stock })}
            </option>
          ))}
        </SelectField>
      ) : null}
      <fieldset className="segmented stock-direction">
        <legend className="visually-hidden">{t('stock.direction')}</legend>
        {([1, -1] as const).map((value) => (
          <label key={value} className={`segmented__option${direction === value ? ' segmented__option--checked' : ''}`}>
            <input
              type="radio"
              name="direction"
              checked={direction === value}
              onChange={() => {
                setDirection(value);
                setReason(value === 1 ? 'restock' : 'damage');
              }}
            />
            <span>{value === 1 ? t('stock.increase') : t('stock.decrease')}</span>
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <Field
          label={t('stock.quantity')}
          name="quantity"
          inputMode="numeric"
          autoComplete="off"
          value={quantity}
          onChange={(event) => setQuantity(event.target.value)}
          error={errors.quantity}
          hint={sku ? t('stock.current', { count: sku.stock }) : undefined}
        />
        <SelectField
          label={t('stock.reason')}
          name="reason"
          value={reason}
          onChange={(event) => setReason(event.target.value as StockReason)}
        >
          {REASONS.map((option) => (
            <option key={option} value={option}>
              {t(`stock.reasons.${option}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <Field label={t('stock.note')} name="note" optional maxLength={200} value={note} onChange={(event) => setNote(event.target.value)} />
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={adjust.isPending}>
          {adjust.isPending ? t('account.saving') : t('stock.submit')}
        </button>
        <span className="status-text" role="status">
          {done ?? ''}
        </span>
      </div>
    </form>
  );
}

function History({ product }: { product: Product }) {
  const { t, i18n } = useTranslation();
  const history = useStockHistory(product.id);
  const rows = history.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title" className="card__title">
        {t('stock.history')}
      </h2>
      {history.isPending ? <PageLoading /> : null}
      {history.isError ? <LoadError error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.isSuccess && rows.length === 0 ? <p className="card__hint">{t('stock.noHistory')}</p> : null}
      {rows.length > 0 ? (
        <ol className="stock-history">
          {rows.map((row) => (
            <li key={row.id} className="stock-history__row">
              <span className={`stock-history__delta${row.delta > 0 ? ' stock-history__delta--up' : ' stock-history__delta--down'}`}>
                {row.delta > 0 ? `+${row.delta}` : `−${Math.abs(row.delta)}`}
              </span>
              <span className="stock-history__text">
                <span className="stock-history__what">
                  {t(`stock.reasons.${row.reason}`)}
                  {product.options.length > 0 ? ` · ${skuLabel(product, row.sku_id, '')}` : ''}
                </span>
                {row.note ? <span className="stock-history__note">{row.note}</span> : null}
                <span className="stock-history__when">{formatDateTime(row.created_at, i18n.language)}</span>
              </span>
              <span className="stock-history__after">{t('stock.after', { count: row.stock_after })}</span>
            </li>
          ))}
        </ol>
      ) : null}
      {history.hasNextPage ? <LoadMore onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage} /> : null}
    </section>
  );
}

export function StockPage() {
  const { t } = useTranslation();
  const { store } = useSellerStore();
  const { productId = '' } = useParams();
  const answer = useProduct(productId);
  usePageTitle(`${t('stock.title')} · ${answer.data?.product.title ?? store.name}`);
  if (answer.isPending) return <PageLoading />;
  if (answer.isError) {
    if (isApiError(answer.error) && answer.error.status === 404) return <NotFound />;
    return <LoadError error={answer.error} onRetry={() => void answer.refetch()} />;
  }
  const { product } = answer.data;
  if (product.store_id !== store.id) return <NotFound />;
  const image = product.images[0];
  return (
    <div className="seller-page">
      <header className="seller-page__header">
        <Link to={sellerPath(store.id, `products/${product.id}`)} className="back-link">
          ‹ {t('productEditor.editTitle')}
        </Link>
        <h1>{t('stock.title')}</h1>
      </header>
      <div className="stock-product">
        <span className="product-row__photo">{image ? <img src={image.urls.thumb} alt="" /> : <PhotoPlaceholder />}</span>
        <div>
          <p className="stock-product__title">{product.title}</p>
          <p className="card__hint">{t('stock.total', { count: product.stock_total })}</p>
        </div>
      </div>
      {product.skus.length > 1 ? (
        <ul className="stock-skus">
          {product.skus.map((sku) => (
            <li key={sku.id} className={sku.stock === 0 ? 'stock-skus__out' : undefined}>
              <span>{sku.options.join(' / ')}</span>
              <strong>{sku.stock}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      <AdjustForm product={product} />
      <History product={product} />
    </div>
  );
}
