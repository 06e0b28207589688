import { useTranslation } from 'react-i18next';
import { useMe, useUpdateProfile } from '../api/accounts.js';
import { applyLocale, DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/index.js';

/** The interface language, and a switch that also saves it to the account when signed in. */
export function useLocaleSwitch(): { locale: Locale; setLocale: (next: Locale) => void } {
  const { i18n } = useTranslation();
  const me = useMe();
  const update = useUpdateProfile();
  const locale = isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
  const setLocale = (next: Locale) => {
    void applyLocale(next);
    // The switch works even if saving fails; the account keeps its old language until next time.
    if (me.data && me.data.locale !== next) update.mutate({ locale: next });
  };
  return { locale, setLocale };
}
