import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePublishStorefront, useStorefront } from '../../api/stores.js';
import { EmptyState, ProductList } from '../../components/ProductGrid/ProductGrid.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { StorefrontView } from '../Store/StorefrontView.js';
import { sellerPath, useSellerStore } from './context.js';

/** The draft storefront exactly as buyers will see it once published. */
export function StorefrontPreview() {
  const { t } = useTranslation();
  const { store } = useSellerStore();
  const preview = useStorefront(store.id, 'draft');
  const publish = usePublishStorefront(store.id);
  usePageTitle(`${t('storefrontEditor.preview')} · ${store.name}`);
  if (preview.isPending) return <PageLoading />;
  if (preview.isError) return <LoadError error={preview.error} onRetry={() => void preview.refetch()} />;
  const { storefront } = preview.data;
  const notice = (
    <div className={`preview-notice${publish.isSuccess ? ' preview-notice--published' : ''}`} data-testid="preview-notice">
      {publish.isSuccess ? (
        <p className="preview-notice__published" role="status">
          {t('storefrontEditor.published')}
        </p>
      ) : (
        <p>
          <strong>{t('storefrontEditor.previewTitle')}</strong> {t('storefrontEditor.previewText')}
        </p>
      )}
      <div className="preview-notice__actions">
        <Link to={sellerPath(store.id, 'storefront')} className="btn btn--secondary btn--small">
          {t('storefrontEditor.backToEditor')}
        </Link>
        {publish.isSuccess ? (
          <Link to={`/s/${store.handle}`} className="btn btn--secondary btn--small">
            {t('seller.viewStore')}
          </Link>
        ) : (
          <button type="button" className="btn btn--primary btn--small" onClick={() => publish.mutate()} disabled={publish.isPending}>
            {publish.isPending ? t('storefrontEditor.publishing') : t('storefrontEditor.publish')}
          </button>
        )}
      </div>
      <FormAlert message={publish.isError ? errorMessage(t, publish.error) : undefined} />
    </div>
  );
  return (
    <div className="storefront-preview">
      <StorefrontView data={{ store, ...storefront }} notice={notice}>
        <section className="storefront__section" aria-labelledby="preview-all-products">
          <h2 id="preview-all-products" className="storefront__section-title">
            {t('store.allProducts')}
          </h2>
          <ProductList
            filter={{ store_id: store.id, status: 'active' }}
            label={t('store.allProducts')}
            empty={<EmptyState title={t('store.noProducts')} text={t('storefrontEditor.previewNoProducts')} />}
          />
        </section>
      </StorefrontView>
    </div>
  );
}
