import sharp from 'sharp';

/**
 * Pictures for the demo marketplace, drawn here rather than downloaded: a soft background
 * and a simple object in the listing's colour. Shapes only, no text, so they look the same
 * whatever fonts a machine has.
 */
const SHAPES = [
  (colour: string) =>
    `<rect x="230" y="150" width="340" height="500" rx="60" fill="${colour}"/><circle cx="300" cy="230" r="34" fill="#ffffff" opacity="0.7"/>`,
  (colour: string) =>
    `<circle cx="400" cy="400" r="220" fill="${colour}"/><circle cx="400" cy="400" r="120" fill="#ffffff" opacity="0.35"/>`,
  (colour: string) =>
    `<path d="M220 330 h360 l-40 300 h-280 z" fill="${colour}"/><path d="M300 330 q100 -180 200 0" stroke="${colour}" stroke-width="26" fill="none"/>`,
  (colour: string) =>
    `<ellipse cx="400" cy="470" rx="250" ry="150" fill="${colour}"/><rect x="330" y="220" width="140" height="180" rx="40" fill="${colour}" opacity="0.8"/>`,
  (colour: string) =>
    `<polygon points="400,160 630,600 170,600" fill="${colour}"/><circle cx="400" cy="470" r="70" fill="#ffffff" opacity="0.4"/>`,
];

export const PALETTE = ['#d9480f', '#c2255c', '#1971c2', '#2b8a3e', '#f08c00', '#6741d9', '#0c8599', '#495057', '#e8590c', '#a61e4d'];

function background(colour: string): string {
  return `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fff8f0"/><stop offset="1" stop-color="${colour}" stop-opacity="0.25"/></linearGradient></defs><rect width="800" height="800" fill="url(#g)"/>`;
}

export function productPicture(shape: number, colour: string): Promise<Buffer> {
  const draw = SHAPES[shape % SHAPES.length] ?? SHAPES[0];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800">${background(colour)}${draw?.(colour)}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

export function logoPicture(colour: string, shape: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" rx="80" fill="${colour}"/><circle cx="200" cy="200" r="${90 + (shape % 3) * 20}" fill="#ffffff" opacity="0.85"/><circle cx="200" cy="200" r="50" fill="${colour}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export function bannerPicture(colour: string, seed: number): Promise<Buffer> {
  const circles = Array.from({ length: 7 }, (_, index) => {
    const x = (seed * 97 + index * 211) % 1600;
    const y = (seed * 53 + index * 137) % 500;
    return `<circle cx="${x}" cy="${y}" r="${60 + ((seed + index) % 5) * 30}" fill="#ffffff" opacity="0.18"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="500"><rect width="1600" height="500" fill="${colour}"/>${circles}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
