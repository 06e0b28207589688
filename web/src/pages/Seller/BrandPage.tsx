import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBrandDocuments, useSubmitBrandDocument } from '../../api/stores.js';
import type { BrandStatus } from '../../api/types.js';
import { Field } from '../../components/Field.js';
import { ImagePicker } from '../../components/ImagePicker.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { formatDateTime } from '../Account/format.js';
import { VerifiedBadge } from '../Store/StorefrontView.js';
import { useSellerStore } from './context.js';

const TONE: Record<BrandStatus, string> = {
  none: 'badge--muted',
  pending: 'badge--warning',
  verified: 'badge--success',
  rejected: 'badge--danger',
};

function SubmitDocument({ storeId }: { storeId: string }) {
  const { t } = useTranslation();
  const submit = useSubmitBrandDocument(storeId);
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<string>();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setError(t('brand.pickFirst'));
    setError(undefined);
    submit.mutate(
      { file, note: note.trim() },
      {
        onSuccess: () => {
          setFile(undefined);
          setPreview(undefined);
          setNote('');
        },
        onError: (failure) => setError(errorMessage(t, failure)),
      },
    );
  };

  return (
    <form className="form brand-submit" onSubmit={send} noValidate>
      <FormAlert message={error} />
      <div className="brand-submit__file">
        {preview ? <img src={preview} alt={t('brand.documentPreview')} className="brand-submit__preview" /> : null}
        <ImagePicker
          label={file ? t('brand.changeDocument') : t('brand.pickDocument')}
          onPick={([picked]) => {
            if (!picked) return;
            setFile(picked);
            setPreview(URL.createObjectURL(picked));
          }}
          testId="brand-document-input"
        />
      </div>
      <Field
        label={t('brand.note')}
        name="note"
        optional
        maxLength={200}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        hint={t('brand.noteHint')}
      />
      <button type="submit" className="btn btn--primary" disabled={submit.isPending || !file}>
        {submit.isPending ? t('brand.submitting') : t('brand.submit')}
      </button>
    </form>
  );
}

export function BrandPage() {
  const { t, i18n } = useTranslation();
  const { store, role } = useSellerStore();
  const owner = role === 'owner';
  const documents = useBrandDocuments(store.id, owner && store.type === 'brand');
  usePageTitle(`${t('seller.nav.brand')} · ${store.name}`);
  const status: BrandStatus = store.brand_status ?? 'none';

  if (store.type !== 'brand') {
    return (
      <div className="seller-page">
        <h1>{t('brand.title')}</h1>
        <p className="card card__hint">{t('brand.notBrand')}</p>
      </div>
    );
  }
  return (
    <div className="seller-page">
      <header className="seller-page__header">
        <h1>{t('brand.title')}</h1>
        <p className="card__hint">{t('brand.lead')}</p>
      </header>
      <section className="card brand-status" aria-labelledby="brand-status-title">
        <h2 id="brand-status-title" className="card__title">
          {t('brand.statusTitle')}
        </h2>
        <p className="brand-status__line">
          <span className={`badge ${TONE[status]}`} data-testid="brand-status">
            {t(`brand.status.${status}`)}
          </span>
          {status === 'verified' ? <VerifiedBadge /> : null}
        </p>
        <p className="card__hint">{t(`brand.statusText.${status}`)}</p>
        {store.brand_review_note && (status === 'rejected' || status === 'verified') ? (
          <p className="brand-status__note">
            {t('brand.reviewNote')} {store.brand_review_note}
          </p>
        ) : null}
      </section>
      {owner && status !== 'verified' ? (
        <section className="card" aria-labelledby="brand-submit-title">
          <h2 id="brand-submit-title" className="card__title">
            {status === 'none' ? t('brand.submitTitle') : status === 'pending' ? t('brand.submitMoreTitle') : t('brand.submitAgainTitle')}
          </h2>
          <p className="card__hint">{t('brand.submitHint')}</p>
          <SubmitDocument storeId={store.id} />
        </section>
      ) : null}
      {!owner ? <p className="card card__hint">{t('brand.ownerOnly')}</p> : null}
      {owner ? (
        <section className="card" aria-labelledby="brand-docs-title">
          <h2 id="brand-docs-title" className="card__title">
            {t('brand.documents')}
          </h2>
          {documents.isPending ? <PageLoading /> : null}
          {documents.isError ? <LoadError error={documents.error} onRetry={() => void documents.refetch()} /> : null}
          {documents.data && documents.data.data.length === 0 ? <p className="card__hint">{t('brand.noDocuments')}</p> : null}
          {documents.data && documents.data.data.length > 0 ? (
            <ul className="brand-documents">
              {documents.data.data.map((document) => (
                <li key={document.id}>
                  <span>{formatDateTime(document.created_at, i18n.language)}</span>
                  <span className="card__hint">{document.note || t('brand.noNote')}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
