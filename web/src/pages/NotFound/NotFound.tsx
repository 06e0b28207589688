import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle.js';
import './NotFound.css';

export function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <div className="card not-found">
      <h1>{t('notFound.title')}</h1>
      <p className="card__hint">{t('notFound.text')}</p>
      <Link to="/" className="btn btn--secondary">
        {t('notFound.home')}
      </Link>
    </div>
  );
}
