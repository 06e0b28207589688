/**
 * A store's theme colour becomes the accent of its pages. Any colour a seller picks must
 * still give readable text, so the derived shades are checked for contrast against white.
 */
function channels(hex: string): [number, number, number] {
  const value = /^#([0-9a-f]{6})$/i.exec(hex)?.[1] ?? 'd4441f';
  return [0, 2, 4].map((start) => Number.parseInt(value.slice(start, start + 2), 16)) as [number, number, number];
}

function toHex(rgb: readonly number[]): string {
  return `#${rgb
    .map((c) =>
      Math.round(Math.max(0, Math.min(255, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function luminance(rgb: readonly number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastWithWhite(rgb: readonly number[]): number {
  return 1.05 / (luminance(rgb) + 0.05);
}

function mix(rgb: readonly number[], target: number, amount: number): number[] {
  return rgb.map((c) => c + (target - c) * amount);
}

/** Darkens a colour until white text on it (or it as text on white) reaches the ratio. */
function darkenTo(rgb: readonly number[], ratio: number): number[] {
  let current = [...rgb];
  for (let step = 0; step < 20 && contrastWithWhite(current) < ratio; step++) current = mix(current, 0, 0.08);
  return current;
}

export interface ThemeVariables {
  '--color-accent': string;
  '--color-accent-hover': string;
  '--color-accent-soft': string;
  '--color-accent-text': string;
  '--color-on-accent': string;
  '--focus-ring': string;
}

/** The CSS variables of the shared accent, derived from a store's theme colour. */
export function themeVariables(hex: string): ThemeVariables {
  const rgb = channels(hex);
  // Buttons: the colour itself when white text on it is readable (3:1 for large bold text), else dark text.
  const onAccent = contrastWithWhite(rgb) >= 3 ? '#ffffff' : '#1f1a17';
  return {
    '--color-accent': toHex(rgb),
    '--color-accent-hover': toHex(mix(rgb, 0, 0.14)),
    '--color-accent-soft': toHex(mix(rgb, 255, 0.88)),
    '--color-accent-text': toHex(darkenTo(rgb, 4.6)),
    '--color-on-accent': onAccent,
    '--focus-ring': `0 0 0 3px ${toHex(rgb)}59`,
  };
}

/** Colours offered in the storefront editor: warm reds first, as fits a market fair. */
export const THEME_SWATCHES = [
  '#d4441f', // vermilion, Jishi's own
  '#c2255c', // peony
  '#e8590c', // persimmon
  '#b08900', // mustard
  '#2b8a3e', // jade
  '#0c8599', // teal
  '#1864ab', // indigo blue
  '#5f3dc4', // violet
  '#862e9c', // plum
  '#495057', // ink
] as const;
