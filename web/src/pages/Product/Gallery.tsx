import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageView } from '../../api/types.js';
import { PhotoPlaceholder } from '../../components/ProductGrid/ProductGrid.js';

/** Photos to swipe through on a phone (scroll snapping), with thumbnails and arrows on a desktop. */
export function Gallery({ images, title }: { images: readonly ImageView[]; title: string }) {
  const { t } = useTranslation();
  const track = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState(0);

  useEffect(() => {
    const element = track.current;
    if (!element) return;
    const onScroll = () => setIndex(Math.round(element.scrollLeft / Math.max(1, element.clientWidth)));
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, []);

  const show = (next: number) => {
    const element = track.current;
    if (!element) return;
    const target = Math.max(0, Math.min(images.length - 1, next));
    element.scrollTo({ left: target * element.clientWidth, behavior: 'smooth' });
    setIndex(target);
  };

  if (images.length === 0) {
    return (
      <div className="gallery gallery--empty">
        <div className="gallery__frame">
          <PhotoPlaceholder />
        </div>
      </div>
    );
  }

  return (
    <section className="gallery" aria-label={t('product.gallery')}>
      <div className="gallery__frame">
        <div className="gallery__track" ref={track} data-testid="gallery-track">
          {images.map((image, position) => (
            <div className="gallery__slide" key={image.id}>
              <img src={image.urls.large} alt={position === 0 ? title : ''} loading={position === 0 ? 'eager' : 'lazy'} decoding="async" />
            </div>
          ))}
        </div>
        {images.length > 1 ? (
          <>
            <span className="gallery__counter" aria-hidden="true">
              {index + 1}/{images.length}
            </span>
            <button
              type="button"
              className="gallery__arrow gallery__arrow--prev"
              onClick={() => show(index - 1)}
              disabled={index === 0}
              aria-label={t('product.previousPhoto')}
            >
              <svg
                aria-hidden="true"
                viewBox="0 0 24 24"
                width="22"
                height="22"
                fill="none"
                stroke="currentColor"
                strokeWidth="2.2"
                strokeLinecap="round"
              >
                <path d="m14.5 6-6 6 6 6" />
              </svg>
            </button>
            <button
              type="button"
              className="gallery__arrow gallery__arrow--next"
              onClick={() => show(index + 1)}
              disabled={index === images.length - 1}
              aria-label={t('product.nextPhoto')}
            >
              <svg
                aria-hidden="true"
                viewBox="0 0 24 24"
                width="22"
                height="22"
                fill="none"
                stroke="currentColor"
                strokeWidth="2.2"
                strokeLinecap="round"
              >
                <path d="m9.5 6 6 6-6 6" />
              </svg>
            </button>
          </>
        ) : null}
      </div>
      {images.length > 1 ? (
        <div className="gallery__thumbs">
          {images.map((image, position) => (
            <button
              type="button"
              key={image.id}
              className={`gallery__thumb${position === index ? ' gallery__thumb--active' : ''}`}
              onClick={() => show(position)}
              aria-label={t('product.photoOf', { index: position + 1, count: images.length })}
              aria-current={position === index || undefined}
            >
              <img src={image.urls.thumb} alt="" />
            </button>
          ))}
        </div>
      ) : null}
    </section>
  );
}
