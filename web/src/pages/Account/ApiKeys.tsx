import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiKey, useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/accounts.js';
import { copyText } from '../../components/copy.js';
import { Field } from '../../components/Field.js';
import { routeError } from '../../components/forms.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { errorMessage } from '../../i18n/index.js';
import { formatDateTime } from './format.js';

function SecretReveal({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  const secretRef = useRef<HTMLElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => setCopyState((await copyText(secret, secretRef.current)) ? 'copied' : 'failed');
  return (
    <section className="secret" aria-labelledby="secret-title" data-testid="api-key-secret">
      <h3 id="secret-title" className="secret__title">
        {t('apiKeys.secretTitle', { name })}
      </h3>
      <p className="secret__warning">
        <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18" fill="currentColor">
          <path d="M10 2.2 1.3 17.3h17.4zm-.9 5h1.8v5.2H9.1zm0 6.5h1.8v1.8H9.1z" />
        </svg>
        <span>{t('apiKeys.secretWarning')}</span>
      </p>
      <div className="secret__row">
        <code ref={secretRef} className="secret__value" data-testid="api-key-secret-value">
          {secret}
        </code>
        <button type="button" className="btn btn--primary btn--small secret__copy" onClick={() => void copy()}>
          {copyState === 'copied' ? t('apiKeys.copied') : t('apiKeys.copy')}
        </button>
      </div>
      <p className="secret__feedback" role="status">
        {copyState === 'failed' ? t('apiKeys.copyFailed') : ''}
      </p>
      <button type="button" className="btn btn--secondary btn--small" onClick={onDone}>
        {t('apiKeys.done')}
      </button>
    </section>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (name: string, secret: string) => void }) {
  const { t } = useTranslation();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [error, setError] = useState<{ field?: string | undefined; form?: string | undefined }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError({ field: t('validation.required') });
    setError({});
    create.mutate(trimmed, {
      onSuccess: ({ api_key, secret }) => {
        setName('');
        onCreated(api_key.name, secret);
      },
      onError: (failure) => {
        const routed = routeError(t, failure, ['name'] as const);
        setError({ field: routed.fieldErrors.name, form: routed.formError });
      },
    });
  };

  return (
    <form className="api-key-form" onSubmit={submit} noValidate>
      <FormAlert message={error.form} />
      <div className="api-key-form__row">
        <Field
          className="api-key-form__field"
          label={t('apiKeys.nameLabel')}
          name="name"
          maxLength={80}
          autoComplete="off"
          value={name}
          onChange={(event) => setName(event.target.value)}
          hint={t('apiKeys.nameHint')}
          error={error.field}
        />
        <button type="submit" className="btn btn--primary api-key-form__submit" disabled={create.isPending}>
          {create.isPending ? t('apiKeys.creating') : t('apiKeys.create')}
        </button>
      </div>
    </form>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKey }) {
  const { t, i18n } = useTranslation();
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState(false);
  const revoked = apiKey.revoked_at !== null;
  return (
    <li className={`api-key${revoked ? ' api-key--revoked' : ''}`} data-testid="api-key-row">
      <div className="api-key__main">
        <div className="api-key__info">
          <p className="api-key__name">
            <span>{apiKey.name}</span>
            <span className={`badge ${revoked ? 'badge--muted' : 'badge--success'}`}>
              {revoked ? t('apiKeys.revoked') : t('apiKeys.active')}
            </span>
          </p>
          <p className="api-key__meta">
            <code className="api-key__prefix">{apiKey.prefix}…</code>
            <span>{t('apiKeys.createdAt', { date: formatDateTime(apiKey.created_at, i18n.language) })}</span>
            <span>
              {apiKey.revoked_at
                ? t('apiKeys.revokedAt', { date: formatDateTime(apiKey.revoked_at, i18n.language) })
                : apiKey.last_used_at
                  ? t('apiKeys.lastUsed', { date: formatDateTime(apiKey.last_used_at, i18n.language) })
                  : t('apiKeys.neverUsed')}
            </span>
          </p>
        </div>
        {revoked || confirming ? null : (
          <button type="button" className="btn btn--danger btn--small" onClick={() => setConfirming(true)}>
            {t('apiKeys.revoke')}
          </button>
        )}
      </div>
      {confirming && !revoked ? (
        <div className="api-key__confirm">
          <p>{t('apiKeys.confirmRevoke', { name: apiKey.name })}</p>
          {revoke.isError ? <p className="field__error">{errorMessage(t, revoke.error)}</p> : null}
          <div className="api-key__confirm-actions">
            <button
              type="button"
              className="btn btn--danger-solid btn--small"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(apiKey.id, { onSuccess: () => setConfirming(false) })}
            >
              {revoke.isPending ? t('apiKeys.revoking') : t('apiKeys.confirmRevokeButton')}
            </button>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => setConfirming(false)}
              disabled={revoke.isPending}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}

export function ApiKeys() {
  const { t } = useTranslation();
  const keys = useApiKeys();
  const [created, setCreated] = useState<{ name: string; secret: string }>();
  const rows = keys.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <section className="card account-card" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title" className="card__title">
        {t('apiKeys.title')}
      </h2>
      <p className="card__hint">{t('apiKeys.description')}</p>
      {created ? (
        <SecretReveal name={created.name} secret={created.secret} onDone={() => setCreated(undefined)} />
      ) : (
        <CreateKeyForm onCreated={(name, secret) => setCreated({ name, secret })} />
      )}
      {keys.isPending ? <PageLoading /> : null}
      {keys.isError ? <LoadError error={keys.error} onRetry={() => void keys.refetch()} /> : null}
      {keys.isSuccess && rows.length === 0 ? <p className="api-keys__empty">{t('apiKeys.empty')}</p> : null}
      {rows.length > 0 ? (
        <ul className="api-keys" aria-label={t('apiKeys.listLabel')}>
          {rows.map((apiKey) => (
            <KeyRow key={apiKey.id} apiKey={apiKey} />
          ))}
        </ul>
      ) : null}
      {keys.hasNextPage ? (
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => void keys.fetchNextPage()}
          disabled={keys.isFetchingNextPage}
        >
          {t('apiKeys.loadMore')}
        </button>
      ) : null}
    </section>
  );
}
