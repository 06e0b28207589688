import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type User, useMe, useSignOut, useUpdateProfile } from '../../api/accounts.js';
import { Field } from '../../components/Field.js';
import { routeError } from '../../components/forms.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { initialOf } from '../../components/Shell/Shell.js';
import { FormAlert } from '../../components/Status.js';
import { useLocaleSwitch } from '../../components/useLocaleSwitch.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { LOCALES } from '../../i18n/index.js';
import { ApiKeys } from './ApiKeys.js';
import { formatDate } from './format.js';
import './Account.css';
import { Chevron } from '../../components/Chevron.js';

/** An email that wraps before "@" and dots on a narrow screen, not in the middle of a word. */
function BreakableEmail({ email }: { email: string }) {
  const parts = email.split(/(?=[@.])/);
  return (
    <>
      {parts.map((part, index) => (
        // The parts of one email never change order, so their positions are stable keys.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <span key={index}>
          {index > 0 ? <wbr /> : null}
          {part}
        </span>
      ))}
    </>
  );
}

function ProfileCard({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateProfile();
  const [displayName, setDisplayName] = useState(user.display_name);
  const [error, setError] = useState<{ field?: string | undefined; form?: string | undefined }>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => setDisplayName(user.display_name), [user.display_name]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const trimmed = displayName.trim();
    if (!trimmed) return setError({ field: t('validation.required') });
    setError({});
    update.mutate(
      { display_name: trimmed },
      {
        onSuccess: () => setSaved(true),
        onError: (failure) => {
          const routed = routeError(t, failure, ['display_name'] as const);
          setError({ field: routed.fieldErrors.display_name, form: routed.formError });
        },
      },
    );
  };

  return (
    <section className="card account-card" aria-labelledby="profile-title">
      <h2 id="profile-title" className="card__title">
        {t('account.profile')}
      </h2>
      <dl className="account-facts">
        <div>
          <dt>{t('account.email')}</dt>
          <dd data-testid="account-email">
            <BreakableEmail email={user.email} />
          </dd>
        </div>
        <div>
          <dt>{t('account.memberSince')}</dt>
          <dd>{formatDate(user.created_at, i18n.language)}</dd>
        </div>
      </dl>
      <form className="account-inline-form" onSubmit={submit} noValidate>
        <FormAlert message={error.form} />
        <Field
          label={t('fields.displayName')}
          name="display_name"
          autoComplete="nickname"
          maxLength={80}
          value={displayName}
          onChange={(event) => {
            setDisplayName(event.target.value);
            setSaved(false);
          }}
          error={error.field}
        />
        <div className="account-inline-form__actions">
          <button type="submit" className="btn btn--secondary" disabled={update.isPending || displayName.trim() === user.display_name}>
            {update.isPending ? t('account.saving') : t('account.save')}
          </button>
          <span className="status-text" role="status">
            {saved ? t('account.saved') : ''}
          </span>
        </div>
      </form>
    </section>
  );
}

function LanguageCard() {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocaleSwitch();
  const hintId = useId();
  return (
    <section className="card account-card" aria-labelledby="language-title">
      <h2 id="language-title" className="card__title">
        {t('account.languageTitle')}
      </h2>
      <p className="card__hint" id={hintId}>
        {t('account.languageHint')}
      </p>
      <fieldset className="segmented" aria-describedby={hintId}>
        <legend className="visually-hidden">{t('account.languageTitle')}</legend>
        {LOCALES.map((option) => (
          <label key={option} className={`segmented__option${option === locale ? ' segmented__option--checked' : ''}`} lang={option}>
            <input type="radio" name="locale" value={option} checked={option === locale} onChange={() => setLocale(option)} />
            <span>{t(`language.${option}`)}</span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}

function ShortcutsCard({ user }: { user: User }) {
  const { t } = useTranslation();
  const links = [
    { to: '/orders', title: t('buyingNav.myOrders'), text: t('buyingNav.ordersHint') },
    { to: '/wallet', title: t('buyingNav.wallet'), text: t('buyingNav.walletHint') },
    { to: '/me/favourites', title: t('account.favourites'), text: t('account.favouritesHint') },
    { to: '/me/following', title: t('account.following'), text: t('account.followingHint') },
    { to: '/seller', title: t('account.seller'), text: t('account.sellerHint') },
    ...(user.role === 'operator'
      ? [
          { to: '/operator/brand-reviews', title: t('operator.title'), text: t('operator.shortcutHint') },
          { to: '/operator/disputes', title: t('disputes.consoleTitle'), text: t('disputes.consoleHint') },
        ]
      : []),
  ];
  return (
    <nav className="card account-shortcuts" aria-label={t('account.shortcuts')}>
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <Link to={link.to} className="account-shortcut">
              <span className="account-shortcut__text">
                <span className="account-shortcut__title">{link.title}</span>
                <span className="account-shortcut__hint">{link.text}</span>
              </span>
              <Chevron />
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function SignOutCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // flushSync: leave the page before the user is gone, or RequireAuth would send us to sign in.
  const signOut = useSignOut(() => navigate('/', { replace: true, flushSync: true }));
  return (
    <section className="card account-card account-card--row" aria-labelledby="signout-title">
      <div>
        <h2 id="signout-title" className="card__title">
          {t('account.signOutTitle')}
        </h2>
        <p className="card__hint">{t('account.signOutHint')}</p>
      </div>
      <button type="button" className="btn btn--secondary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {signOut.isPending ? t('account.signingOut') : t('account.signOut')}
      </button>
    </section>
  );
}

function AccountPage({ user }: { user: User }) {
  const { t } = useTranslation();
  usePageTitle(t('account.title'));
  return (
    <div className="account">
      <header className="account-header">
        <span className="avatar avatar--large" aria-hidden="true">
          {initialOf(user.display_name)}
        </span>
        <div className="account-header__text">
          <h1>{t('account.title')}</h1>
          <p className="account-header__name">{user.display_name}</p>
        </div>
      </header>
      <ShortcutsCard user={user} />
      <ProfileCard user={user} />
      <LanguageCard />
      <ApiKeys />
      <SignOutCard />
    </div>
  );
}

function SignedInAccount() {
  const me = useMe();
  return me.data ? <AccountPage user={me.data} /> : null;
}

export function Account() {
  return (
    <RequireAuth>
      <SignedInAccount />
    </RequireAuth>
  );
}
