import sharp from 'sharp';

/** Real images made in the test, in each format a phone produces. */
export function testImage(format: 'jpeg' | 'png' | 'webp' = 'png', width = 320, height = 200, colour = '#d9480f'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    [format]()
    .toBuffer();
}

/** A JPEG as a phone camera writes it: stored sideways with an EXIF orientation, and a GPS position. */
export function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: '#2b8a3e' } })
    .jpeg()
    .withMetadata({ orientation: 6, exif: { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1' } } })
    .toBuffer();
}
