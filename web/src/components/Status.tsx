import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/index.js';

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="page-status" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{t('common.loading')}</span>
    </div>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert--error" role="alert">
      <p>
        {t('common.loadFailed')} {errorMessage(t, error)}
      </p>
      <button type="button" className="btn btn--secondary btn--small" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}

export function FormAlert({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div className="alert alert--error" role="alert" data-testid="form-error">
      {message}
    </div>
  );
}
