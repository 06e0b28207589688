import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useVisits } from '../../api/stores.js';
import { copyText } from '../../components/copy.js';
import { QrShare } from '../../components/QrShare.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { sellerPath, useSellerStore } from './context.js';

/** Where a link is shared; the server counts visits under these names (?src=). */
const LINK_SOURCES = ['weibo', 'wechat', 'xiaohongshu', 'douyin', 'qq', 'email', 'link'] as const;
type Source = (typeof LINK_SOURCES)[number];
const ALL_SOURCES = ['qr', ...LINK_SOURCES, 'other', 'direct'] as const;

function ShareLink({ handle, name }: { handle: string; name: string }) {
  const { t } = useTranslation();
  const [source, setSource] = useState<Source>('weibo');
  const [copied, setCopied] = useState<'copied' | 'failed'>();
  const box = useRef<HTMLElement>(null);
  const url = `${window.location.origin}/s/${encodeURIComponent(handle)}?src=${source}`;
  const canShare = typeof navigator.share === 'function';

  const copy = async () => setCopied((await copyText(url, box.current)) ? 'copied' : 'failed');
  const share = async () => {
    try {
      await navigator.share({ title: name, text: t('share.shareText', { name }), url });
    } catch {
      // Closing the share sheet is not an error worth showing.
    }
  };

  return (
    <section className="card share-link" aria-labelledby="share-link-title">
      <h2 id="share-link-title" className="card__title">
        {t('share.linkTitle')}
      </h2>
      <p className="card__hint">{t('share.linkHint')}</p>
      <fieldset className="chips share-link__sources plain-fieldset">
        <legend className="visually-hidden">{t('share.sourceLabel')}</legend>
        {LINK_SOURCES.map((option) => (
          <button
            key={option}
            type="button"
            className="chip"
            aria-pressed={source === option}
            onClick={() => {
              setSource(option);
              setCopied(undefined);
            }}
          >
            {t(`share.sources.${option}`)}
          </button>
        ))}
      </fieldset>
      <code ref={box} className="share-link__url" data-testid="share-url">
        {url}
      </code>
      <div className="share-link__row">
        <button type="button" className="btn btn--primary btn--small" onClick={() => void copy()} data-testid="copy-link">
          {copied === 'copied' ? t('share.copied') : t('share.copy')}
        </button>
        {source === 'weibo' ? (
          <a
            className="btn btn--secondary btn--small"
            href={`https://service.weibo.com/share/share.php?url=${encodeURIComponent(url)}&title=${encodeURIComponent(t('share.shareText', { name }))}`}
            target="_blank"
            rel="noopener noreferrer"
          >
            {t('share.postToWeibo')}
          </a>
        ) : null}
        {canShare ? (
          <button type="button" className="btn btn--secondary btn--small" onClick={() => void share()}>
            {t('share.shareButton')}
          </button>
        ) : null}
      </div>
      {source === 'wechat' ? <p className="field__hint">{t('share.wechatHint')}</p> : null}
      <p className="field__error share-link__feedback" role="status">
        {copied === 'failed' ? t('share.copyFailed') : ''}
      </p>
    </section>
  );
}

function VisitStats({ storeId }: { storeId: string }) {
  const { t } = useTranslation();
  const visits = useVisits(storeId, 30);
  if (visits.isPending) return <PageLoading />;
  if (visits.isError) return <LoadError error={visits.error} onRetry={() => void visits.refetch()} />;
  const totals = visits.data.totals_by_source;
  const rows = ALL_SOURCES.map((source) => ({ source, count: totals[source] ?? 0 }))
    .filter((row) => row.count > 0 || row.source === 'qr')
    .sort((a, b) => b.count - a.count);
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const max = Math.max(1, ...rows.map((row) => row.count));
  const storeVisits = visits.data.data.filter((row) => row.target === 'store').reduce((sum, row) => sum + row.visits, 0);
  if (total === 0) return <p className="card__hint visits__none">{t('share.noVisits')}</p>;
  return (
    <>
      <p className="visits__total">
        <strong data-testid="visits-total">{total}</strong> {t('share.visitsTotal')}
        <span className="card__hint"> · {t('share.visitsSplit', { store: storeVisits, products: total - storeVisits })}</span>
      </p>
      <ul className="visits" aria-label={t('share.visitsBySource')}>
        {rows.map((row) => (
          <li key={row.source} className="visits__row" data-testid={`visits-${row.source}`}>
            <span className="visits__label">{t(`share.sources.${row.source}`)}</span>
            <span className="visits__bar" aria-hidden="true">
              <span style={{ width: `${(row.count / max) * 100}%` }} />
            </span>
            <span className="visits__count">{row.count}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export function SharePage() {
  const { t } = useTranslation();
  const { store } = useSellerStore();
  usePageTitle(`${t('seller.nav.share')} · ${store.name}`);
  return (
    <div className="seller-page">
      <header className="seller-page__header">
        <h1>{t('share.title')}</h1>
        <p className="card__hint">{t('share.lead')}</p>
      </header>
      {store.published_at ? null : (
        <div className="alert alert--info">
          <span>{t('share.notPublished')}</span>
          <Link to={sellerPath(store.id, 'storefront')} className="btn btn--secondary btn--small">
            {t('store.editStorefront')}
          </Link>
        </div>
      )}
      <div className="share-grid">
        <section className="card share-qr" aria-labelledby="share-qr-title">
          <h2 id="share-qr-title" className="card__title">
            {t('share.qrTitle')}
          </h2>
          <p className="card__hint">{t('share.qrHint')}</p>
          <QrShare path={`/stores/${store.id}/qr`} caption={store.name} testId="store-qr" />
        </section>
        <div className="share-side">
          <ShareLink handle={store.handle} name={store.name} />
          <section className="card" aria-labelledby="visits-title">
            <h2 id="visits-title" className="card__title">
              {t('share.visitsTitle')}
            </h2>
            <VisitStats storeId={store.id} />
          </section>
        </div>
      </div>
    </div>
  );
}
