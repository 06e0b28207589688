import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Product, ProductStatus } from '../../../api/types.js';
import { QrShare } from '../../../components/QrShare.js';
import { sellerPath } from '../context.js';

/** The QR code and links of a saved product. */
export function ShareCard({ storeId, product }: { storeId: string; product: Product }) {
  const { t } = useTranslation();
  return (
    <section className="card editor-card" aria-labelledby="product-share-title">
      <h2 id="product-share-title" className="card__title">
        {t('productEditor.share')}
      </h2>
      <p className="card__hint">{product.status === 'active' ? t('productEditor.shareHint') : t('productEditor.shareHintHidden')}</p>
      <QrShare path={`/products/${product.id}/qr`} caption={product.title} testId="product-qr" />
      <div className="product-editor__links">
        <Link to={`/p/${product.id}`} className="btn btn--secondary btn--small">
          {t('productEditor.viewProduct')}
        </Link>
        <Link to={sellerPath(storeId, `products/${product.id}/stock`)} className="btn btn--secondary btn--small">
          {t('productEditor.stockPage')}
        </Link>
      </div>
    </section>
  );
}

/** Delisting and deleting a saved product, the delete behind a confirmation. */
export function DangerZone({
  product,
  busy,
  onDelist,
  onDelete,
  deleting,
}: {
  product: Product;
  busy: boolean;
  onDelist: () => void;
  onDelete: () => void;
  deleting: boolean;
}) {
  const { t } = useTranslation();
  const [confirmDelete, setConfirmDelete] = useState(false);
  return (
    <section className="card editor-card danger-zone" aria-labelledby="danger-title">
      <h2 id="danger-title" className="card__title">
        {t('productEditor.dangerTitle')}
      </h2>
      {product.status === 'active' ? (
        <div className="danger-zone__row">
          <p className="card__hint">{t('productEditor.delistHint')}</p>
          <button type="button" className="btn btn--secondary btn--small" onClick={onDelist} disabled={busy}>
            {t('productEditor.delist')}
          </button>
        </div>
      ) : null}
      <div className="danger-zone__row">
        <p className="card__hint">{t('productEditor.deleteHint')}</p>
        {confirmDelete ? (
          <div className="danger-zone__confirm">
            <button type="button" className="btn btn--danger-solid btn--small" onClick={onDelete} disabled={deleting}>
              {t('productEditor.confirmDelete')}
            </button>
            <button type="button" className="btn btn--secondary btn--small" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
          </div>
        ) : (
          <button type="button" className="btn btn--danger btn--small" onClick={() => setConfirmDelete(true)}>
            {t('productEditor.delete')}
          </button>
        )}
      </div>
    </section>
  );
}

export type SaveAction = 'draft' | 'publish' | 'save' | ProductStatus;

/** The buttons at the foot of the editor: what they offer depends on the product's status. */
export function SaveBar({
  product,
  busy,
  onSubmit,
}: {
  product: Product | undefined;
  busy: boolean;
  onSubmit: (action: SaveAction) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="action-bar">
      <div className="action-bar__buttons action-bar__buttons--two">
        {!product ? (
          <>
            <button type="button" className="btn btn--secondary" onClick={() => onSubmit('draft')} disabled={busy} data-testid="save-draft">
              {busy ? t('account.saving') : t('productEditor.saveDraft')}
            </button>
            <button type="button" className="btn btn--primary" onClick={() => onSubmit('publish')} disabled={busy} data-testid="publish">
              {busy ? t('productEditor.publishing') : t('productEditor.publish')}
            </button>
          </>
        ) : product.status === 'active' ? (
          <>
            <Link to={`/p/${product.id}`} className="btn btn--secondary">
              {t('productEditor.viewProduct')}
            </Link>
            <button type="button" className="btn btn--primary" onClick={() => onSubmit('save')} disabled={busy} data-testid="save">
              {busy ? t('account.saving') : t('productEditor.save')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="btn btn--secondary" onClick={() => onSubmit('save')} disabled={busy} data-testid="save">
              {busy ? t('account.saving') : t('productEditor.save')}
            </button>
            <button type="button" className="btn btn--primary" onClick={() => onSubmit('active')} disabled={busy} data-testid="publish">
              {product.status === 'draft' ? t('productEditor.saveAndPublish') : t('productEditor.relist')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
