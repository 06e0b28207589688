import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../api/accounts.js';
import { apiUrl } from '../../api/client.js';
import { useBrandDocuments, useBrandReviews, useReviewBrand } from '../../api/stores.js';
import type { Store } from '../../api/types.js';
import { Field } from '../../components/Field.js';
import { EmptyState, LoadMore } from '../../components/ProductGrid/ProductGrid.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { StoreLogo } from '../../components/StoreLogo.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { formatDateTime } from '../Account/format.js';
import './BrandReviews.css';

function ReviewCard({ store }: { store: Store }) {
  const { t, i18n } = useTranslation();
  const documents = useBrandDocuments(store.id, true);
  const review = useReviewBrand(store.id);
  const [note, setNote] = useState('');
  const decide = (decision: 'approve' | 'reject') => review.mutate({ decision, ...(note.trim() ? { note: note.trim() } : {}) });
  return (
    <li className="card review" data-testid="brand-review">
      <div className="review__store">
        <StoreLogo name={store.name} logo={store.storefront.logo} color={store.storefront.theme_color} size={48} />
        <div className="review__text">
          <Link to={`/s/${store.handle}`} className="review__name">
            {store.name}
          </Link>
          <p className="card__hint">
            /s/{store.handle} · {t('storeTypes.brand.name')}
          </p>
        </div>
      </div>
      {documents.isPending ? <PageLoading /> : null}
      {documents.isError ? <LoadError error={documents.error} onRetry={() => void documents.refetch()} /> : null}
      {documents.data ? (
        <ul className="review__documents">
          {documents.data.data.map((document) => {
            const href = apiUrl(`/stores/${store.id}/brand-documents/${document.id}/file`);
            return (
              <li key={document.id}>
                <a href={href} target="_blank" rel="noreferrer" className="review__document">
                  <img src={href} alt={t('operator.document')} />
                </a>
                <span className="card__hint">
                  {formatDateTime(document.created_at, i18n.language)}
                  {document.note ? ` · ${document.note}` : ''}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <Field
        label={t('operator.note')}
        name="note"
        optional
        maxLength={500}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        hint={t('operator.noteHint')}
      />
      <FormAlert message={review.isError ? errorMessage(t, review.error) : undefined} />
      <div className="review__actions">
        <button type="button" className="btn btn--primary btn--small" onClick={() => decide('approve')} disabled={review.isPending}>
          {t('operator.approve')}
        </button>
        <button type="button" className="btn btn--danger btn--small" onClick={() => decide('reject')} disabled={review.isPending}>
          {t('operator.reject')}
        </button>
      </div>
    </li>
  );
}

function Reviews() {
  const { t } = useTranslation();
  const me = useMe();
  const operator = me.data?.role === 'operator';
  usePageTitle(t('operator.title'));
  if (!operator) {
    return (
      <div className="card reviews-denied">
        <h1>{t('operator.title')}</h1>
        <p className="card__hint">{t('operator.onlyOperators')}</p>
      </div>
    );
  }
  return <ReviewList />;
}

function ReviewList() {
  const { t } = useTranslation();
  const reviews = useBrandReviews();
  const stores = reviews.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <div className="reviews">
      <header>
        <h1>{t('operator.title')}</h1>
        <p className="card__hint">{t('operator.lead')}</p>
      </header>
      {reviews.isPending ? <PageLoading /> : null}
      {reviews.isError ? <LoadError error={reviews.error} onRetry={() => void reviews.refetch()} /> : null}
      {reviews.isSuccess && stores.length === 0 ? <EmptyState title={t('operator.none')} text={t('operator.noneText')} /> : null}
      {stores.length > 0 ? (
        <ul className="reviews__list">
          {stores.map((store) => (
            <ReviewCard key={store.id} store={store} />
          ))}
        </ul>
      ) : null}
      {reviews.hasNextPage ? <LoadMore onClick={() => void reviews.fetchNextPage()} loading={reviews.isFetchingNextPage} /> : null}
    </div>
  );
}

export function BrandReviews() {
  return (
    <RequireAuth>
      <Reviews />
    </RequireAuth>
  );
}
