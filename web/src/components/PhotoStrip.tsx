import { useTranslation } from 'react-i18next';
import { ImagePicker } from './ImagePicker.js';

export interface StripPhoto {
  key: string;
  src: string;
  busy?: boolean;
}

/** Photo previews in order, each movable and removable, with a button to add more. */
export function PhotoStrip({
  photos,
  max,
  onAdd,
  onMove,
  onRemove,
  disabled,
  testId,
}: {
  photos: readonly StripPhoto[];
  max: number;
  onAdd: (files: File[]) => void;
  onMove: (index: number, delta: number) => void;
  onRemove: (index: number) => void;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="photo-strip">
      {photos.length > 0 ? (
        <ol className="photo-strip__list">
          {photos.map((photo, index) => (
            <li key={photo.key} className={`photo-strip__item${photo.busy ? ' photo-strip__item--busy' : ''}`} data-testid="photo-item">
              <img src={photo.src} alt={t('photos.photo', { index: index + 1 })} />
              {index === 0 ? <span className="photo-strip__cover">{t('photos.cover')}</span> : null}
              {photo.busy ? <span className="spinner photo-strip__spinner" aria-hidden="true" /> : null}
              <div className="photo-strip__tools">
                <button
                  type="button"
                  onClick={() => onMove(index, -1)}
                  disabled={disabled || photo.busy || index === 0}
                  aria-label={t('photos.moveLeft', { index: index + 1 })}
                >
                  ‹
                </button>
                <button
                  type="button"
                  onClick={() => onRemove(index)}
                  disabled={disabled || photo.busy}
                  aria-label={t('photos.remove', { index: index + 1 })}
                  data-testid="photo-remove"
                >
                  ×
                </button>
                <button
                  type="button"
                  onClick={() => onMove(index, 1)}
                  disabled={disabled || photo.busy || index === photos.length - 1}
                  aria-label={t('photos.moveRight', { index: index + 1 })}
                >
                  ›
                </button>
              </div>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="photo-strip__add">
        <ImagePicker
          label={photos.length === 0 ? t('photos.add') : t('photos.addMore')}
          onPick={(files) => onAdd(files.slice(0, Math.max(0, max - photos.length)))}
          multiple
          disabled={disabled || photos.length >= max}
          testId={testId}
        />
        <span className="field__hint">{t('photos.hint', { count: photos.length, max })}</span>
      </div>
    </div>
  );
}
