import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Names the browser tab after the page, e.g. "登录 · 集市 Jishi", in the current language. */
export function usePageTitle(title?: string): void {
  const { t } = useTranslation();
  const app = t('app.title');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
