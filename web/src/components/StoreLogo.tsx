import type { CSSProperties } from 'react';
import type { ImageView } from '../api/types.js';
import { initialOf } from './Shell/Shell.js';

/** A store's logo, or its initial on its theme colour when it has none. */
export function StoreLogo({
  name,
  logo,
  color,
  size = 48,
  className = '',
}: {
  name: string;
  logo: ImageView | null | undefined;
  color?: string | undefined;
  size?: number;
  className?: string;
}) {
  const style = { '--logo-size': `${size}px`, ...(color ? { backgroundColor: color } : {}) } as CSSProperties;
  if (logo) return <img className={`store-logo ${className}`} src={size > 96 ? logo.urls.medium : logo.urls.thumb} alt="" style={style} />;
  return (
    <span className={`store-logo store-logo--initial ${className}`} style={style} aria-hidden="true">
      {initialOf(name)}
    </span>
  );
}
