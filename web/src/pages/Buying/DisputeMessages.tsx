import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisputeMessage } from '../../api/buying-types.js';
import { evidenceUrl, uploadEvidence, useDisputeMessage } from '../../api/money.js';
import { TextAreaField } from '../../components/Field.js';
import { ImagePicker } from '../../components/ImagePicker.js';
import { FormAlert } from '../../components/Status.js';
import { errorMessage } from '../../i18n/index.js';
import { newIdempotencyKey } from '../../lib/idempotency.js';
import { formatDateTime } from '../Account/format.js';

const MAX_PHOTOS = 6;

/** A picked photo shown before it is sent; its object URL is let go when it leaves the page. */
function Preview({ file, alt }: { file: File; alt: string }) {
  const url = useMemo(() => URL.createObjectURL(file), [file]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return <img src={url} alt={alt} />;
}

export function MessageList({
  disputeId,
  messages,
  myId,
}: {
  disputeId: string;
  messages: readonly DisputeMessage[];
  myId: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  if (messages.length === 0) return <p className="card__hint">{t('disputes.noMessages')}</p>;
  return (
    <ol className="messages" data-testid="dispute-messages">
      {messages.map((message) => (
        <li key={message.id} className={`message message--${message.author_role}${message.author_id === myId ? ' message--mine' : ''}`}>
          <span className="message__who">
            {t(`disputes.roles.${message.author_role}`, { defaultValue: message.author_role })}
            {message.author_id === myId ? t('disputes.you') : ''} · {formatDateTime(message.created_at, i18n.language)}
          </span>
          {message.body ? <p className="message__body">{message.body}</p> : null}
          {message.image_ids.length > 0 ? (
            <span className="message__images">
              {message.image_ids.map((imageId, index) => (
                <a key={imageId} href={evidenceUrl(disputeId, imageId)} target="_blank" rel="noreferrer">
                  <img src={evidenceUrl(disputeId, imageId)} alt={t('disputes.photo', { index: index + 1 })} loading="lazy" />
                </a>
              ))}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** A message with evidence photos: the photos are uploaded first, then the message names them. */
export function MessageComposer({ disputeId }: { disputeId: string }) {
  const { t } = useTranslation();
  const send = useDisputeMessage(disputeId);
  const [body, setBody] = useState('');
  const [photos, setPhotos] = useState<{ key: string; file: File }[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim() && photos.length === 0) return setError(t('validation.required'));
    setError(undefined);
    let imageIds: string[] = [];
    try {
      setUploading(true);
      imageIds = (await Promise.all(photos.map((photo) => uploadEvidence(disputeId, photo.file)))).map((image) => image.id);
    } catch (uploadError) {
      setError(`${t('disputes.uploadFailed')} ${errorMessage(t, uploadError)}`);
      return;
    } finally {
      setUploading(false);
    }
    send.mutate(
      { body: body.trim(), ...(imageIds.length > 0 ? { image_ids: imageIds } : {}) },
      {
        onSuccess: () => {
          setBody('');
          setPhotos([]);
        },
        onError: (sendError) => setError(errorMessage(t, sendError)),
      },
    );
  };
  const busy = uploading || send.isPending;
  return (
    <form className="form composer" onSubmit={(event) => void submit(event)} noValidate data-testid="dispute-composer">
      <FormAlert message={error} />
      <TextAreaField
        label={t('disputes.write')}
        name="body"
        maxLength={2000}
        rows={3}
        placeholder={t('disputes.writePlaceholder')}
        value={body}
        onChange={(event) => setBody(event.target.value)}
      />
      {photos.length > 0 ? (
        <ul className="composer__photos">
          {photos.map((photo, index) => (
            <li key={photo.key}>
              <Preview file={photo.file} alt={t('disputes.photo', { index: index + 1 })} />
              <button
                type="button"
                className="composer__remove"
                aria-label={t('disputes.removePhoto', { index: index + 1 })}
                onClick={() => setPhotos(photos.filter((_, other) => other !== index))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="form-buttons">
        <ImagePicker
          label={t('disputes.addPhotos')}
          multiple
          disabled={busy || photos.length >= MAX_PHOTOS}
          onPick={(files) => setPhotos([...photos, ...files.map((file) => ({ key: newIdempotencyKey(), file }))].slice(0, MAX_PHOTOS))}
        />
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('disputes.sending') : t('disputes.send')}
        </button>
      </div>
    </form>
  );
}
