import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/accounts.js';
import { useAddMember, useMembers, useRemoveMember } from '../../api/stores.js';
import type { Member } from '../../api/types.js';
import { Field } from '../../components/Field.js';
import { focusFirstInvalid, looksLikeEmail, routeError } from '../../components/forms.js';
import { initialOf } from '../../components/Shell/Shell.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { formatDate } from '../Account/format.js';
import { useSellerStore } from './context.js';

function MemberRow({ member, canRemove, storeId }: { member: Member; canRemove: boolean; storeId: string }) {
  const { t, i18n } = useTranslation();
  const remove = useRemoveMember(storeId);
  const [confirming, setConfirming] = useState(false);
  const name = member.display_name || member.email;
  return (
    <li className="member" data-testid="member-row">
      <div className="member__main">
        <span className="avatar" aria-hidden="true">
          {initialOf(name)}
        </span>
        <div className="member__text">
          <p className="member__name">
            {name}{' '}
            <span className={`badge ${member.role === 'owner' ? 'badge--accent' : 'badge--muted'}`}>
              {t(`seller.roles.${member.role}`)}
            </span>
          </p>
          <p className="member__meta">
            {member.email} · {t('team.since', { date: formatDate(member.added_at, i18n.language) })}
          </p>
        </div>
        {canRemove && member.role === 'staff' && !confirming ? (
          <button type="button" className="btn btn--secondary btn--small" onClick={() => setConfirming(true)}>
            {t('team.remove')}
          </button>
        ) : null}
      </div>
      {confirming ? (
        <div className="member__confirm">
          <p>{t('team.confirmRemove', { name })}</p>
          <div className="member__confirm-actions">
            <button
              type="button"
              className="btn btn--danger-solid btn--small"
              onClick={() => remove.mutate(member.user_id)}
              disabled={remove.isPending}
            >
              {t('team.confirmRemoveButton')}
            </button>
            <button type="button" className="btn btn--secondary btn--small" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
          {remove.isError ? <FormAlert message={errorMessage(t, remove.error)} /> : null}
        </div>
      ) : null}
    </li>
  );
}

function AddMember({ storeId }: { storeId: string }) {
  const { t } = useTranslation();
  const add = useAddMember(storeId);
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState('');
  const [error, setError] = useState<{ field?: string | undefined; form?: string | undefined }>({});
  const [added, setAdded] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(undefined);
    if (!looksLikeEmail(email)) {
      setError({ field: email.trim() ? t('validation.email') : t('validation.required') });
      return focusFirstInvalid(formRef.current);
    }
    setError({});
    add.mutate(email.trim(), {
      onSuccess: (member) => {
        setEmail('');
        setAdded(t('team.added', { name: member.display_name || member.email }));
      },
      onError: (failure) => {
        const routed = routeError(t, failure, ['email'] as const);
        setError({ field: routed.fieldErrors.email, form: routed.formError });
        focusFirstInvalid(formRef.current);
      },
    });
  };

  return (
    <form ref={formRef} className="team-add" onSubmit={submit} noValidate>
      <FormAlert message={error.form} />
      <div className="team-add__row">
        <Field
          label={t('team.email')}
          name="email"
          type="email"
          inputMode="email"
          autoCapitalize="off"
          spellCheck={false}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={error.field}
          hint={t('team.emailHint')}
          className="team-add__field"
        />
        <button type="submit" className="btn btn--primary team-add__submit" disabled={add.isPending}>
          {add.isPending ? t('team.adding') : t('team.add')}
        </button>
      </div>
      <p className="status-text" role="status">
        {added ?? ''}
      </p>
    </form>
  );
}

export function TeamPage() {
  const { t } = useTranslation();
  const { store, role } = useSellerStore();
  const me = useMe();
  const members = useMembers(store.id);
  usePageTitle(`${t('seller.nav.team')} · ${store.name}`);
  const owner = role === 'owner';
  return (
    <div className="seller-page">
      <header className="seller-page__header">
        <h1>{t('team.title')}</h1>
        <p className="card__hint">{t('team.lead')}</p>
      </header>
      {owner ? (
        <section className="card" aria-labelledby="add-member-title">
          <h2 id="add-member-title" className="card__title">
            {t('team.addTitle')}
          </h2>
          <AddMember storeId={store.id} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title" className="card__title">
          {t('team.members')}
        </h2>
        {members.isPending ? <PageLoading /> : null}
        {members.isError ? <LoadError error={members.error} onRetry={() => void members.refetch()} /> : null}
        {members.data ? (
          <ul className="members">
            {members.data.map((member) => (
              <MemberRow key={member.user_id} member={member} canRemove={owner && member.user_id !== me.data?.id} storeId={store.id} />
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
