import { useTranslation } from 'react-i18next';
import { apiUrl } from '../api/client.js';

/** A QR code shown large, with buttons to download it as PNG (for chat apps) or SVG (for print). */
export function QrShare({ path, caption, testId }: { path: string; caption: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="qr-share" data-testid={testId}>
      <figure className="qr-share__figure">
        <img className="qr-share__image" src={apiUrl(`${path}.svg`)} alt={t('share.qrAlt', { name: caption })} width="240" height="240" />
        <figcaption className="qr-share__caption">{caption}</figcaption>
      </figure>
      <div className="qr-share__downloads">
        <a className="btn btn--primary btn--small" href={apiUrl(`${path}.png`, { download: true })} download data-testid={`${testId}-png`}>
          {t('share.downloadPng')}
        </a>
        <a
          className="btn btn--secondary btn--small"
          href={apiUrl(`${path}.svg`, { download: true })}
          download
          data-testid={`${testId}-svg`}
        >
          {t('share.downloadSvg')}
        </a>
      </div>
    </div>
  );
}
