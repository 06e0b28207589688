import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddProductImage, useSetImageOrder } from '../../../api/catalog.js';
import type { Product } from '../../../api/types.js';
import { PhotoStrip } from '../../../components/PhotoStrip.js';
import { errorMessage } from '../../../i18n/index.js';
import { key, type LocalPhoto, MAX_PHOTOS } from './model.js';

/** Shows photos picked for a product not yet saved; they upload when it is. */
export function LocalPhotos({ photos, onChange }: { photos: LocalPhoto[]; onChange: (photos: LocalPhoto[]) => void }) {
  const latest = useRef(photos);
  latest.current = photos;
  // Object URLs are released when the editor goes away.
  useEffect(
    () => () => {
      for (const photo of latest.current) URL.revokeObjectURL(photo.url);
    },
    [],
  );
  const move = (index: number, delta: number) => {
    const next = [...photos];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index + delta, 0, moved);
    onChange(next);
  };
  return (
    <PhotoStrip
      photos={photos.map((photo) => ({ key: photo.key, src: photo.url }))}
      max={MAX_PHOTOS}
      onAdd={(files) => onChange([...photos, ...files.map((file) => ({ key: key('photo'), file, url: URL.createObjectURL(file) }))])}
      onMove={move}
      onRemove={(index) => {
        const removed = photos[index];
        if (removed) URL.revokeObjectURL(removed.url);
        onChange(photos.filter((_, at) => at !== index));
      }}
      testId="photo-input"
    />
  );
}

/** The photos of a saved product: uploads, order and removal take effect at once. */
export function LivePhotos({ product }: { product: Product }) {
  const { t } = useTranslation();
  const add = useAddProductImage(product.id);
  const order = useSetImageOrder(product.id);
  const [pending, setPending] = useState<LocalPhoto[]>([]);
  const [error, setError] = useState<string>();
  const ids = product.images.map((image) => image.id);

  const upload = async (files: File[]) => {
    setError(undefined);
    const queued = files.map((file) => ({ key: key('upload'), file, url: URL.createObjectURL(file) }));
    setPending((current) => [...current, ...queued]);
    for (const photo of queued) {
      try {
        await add.mutateAsync(photo.file);
      } catch (failure) {
        setError(errorMessage(t, failure));
      }
      URL.revokeObjectURL(photo.url);
      setPending((current) => current.filter((other) => other.key !== photo.key));
    }
  };

  const reorder = (next: string[]) => {
    setError(undefined);
    order.mutate(next, { onError: (failure) => setError(errorMessage(t, failure)) });
  };

  return (
    <>
      <PhotoStrip
        photos={[
          ...product.images.map((image) => ({ key: image.id, src: image.urls.thumb })),
          ...pending.map((photo) => ({ key: photo.key, src: photo.url, busy: true })),
        ]}
        max={MAX_PHOTOS}
        disabled={order.isPending}
        onAdd={(files) => void upload(files)}
        onMove={(index, delta) => {
          const next = [...ids];
          const [moved] = next.splice(index, 1);
          if (moved) next.splice(index + delta, 0, moved);
          reorder(next);
        }}
        onRemove={(index) => reorder(ids.filter((_, at) => at !== index))}
        testId="photo-input"
      />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
