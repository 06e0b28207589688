import { useTranslation } from 'react-i18next';
import { useLocaleSwitch } from './useLocaleSwitch.js';

/** One button that flips between the two languages; it is labelled in the language it switches to. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocaleSwitch();
  const next = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      type="button"
      className="language-switch"
      onClick={() => setLocale(next)}
      aria-label={t('language.switchTo')}
      title={t('language.switchTo')}
      lang={next}
      data-testid="language-switch"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="1.8">
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
      </svg>
      <span>{t('language.other')}</span>
    </button>
  );
}
