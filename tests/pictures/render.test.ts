import { createCanvas, loadImage } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../src/extract/gazetteer.js';
import type { PlaceDirectory } from '../../src/extract/types.js';
import { createPictureRenderer } from '../../src/pictures/index.js';
import { dotRadius, MAP_SIZE, mapPixel, renderMap } from '../../src/pictures/map.js';
import { TYPE_COLOURS } from '../../src/pictures/palette.js';
import { TIMELINE_SIZE } from '../../src/pictures/timeline.js';
import type { MapSpec } from '../../src/pictures/types.js';
import { event } from '../helpers/picture-events.js';

let places: PlaceDirectory;
beforeAll(() => {
  places = loadGazetteer();
});

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function pixels(png: Uint8Array) {
  const img = await loadImage(Buffer.from(png));
  const c = createCanvas(img.width, img.height);
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: g.getImageData(0, 0, img.width, img.height).data };
}

function hex(data: Uint8ClampedArray, width: number, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * width + Math.round(x)) * 4;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

function rgb(colour: string): [number, number, number] {
  const n = Number.parseInt(colour.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

function near(a: [number, number, number], b: [number, number, number], tolerance: number): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
}

const deirEzZor = [
  ...Array.from({ length: 9 }, (_, i) => event('al-bukamal', `2026-11-${String(2 + i).padStart(2, '0')}`)),
  ...Array.from({ length: 6 }, (_, i) =>
    event('al-mayadin', `2026-11-${String(3 + i).padStart(2, '0')}`, 'Explosions/Remote violence'),
  ),
  event('hajin', '2026-11-12', 'Strategic developments'),
  event('al-bukamal', '2026-11-05', null),
];
const scope = {
  subjectKind: 'place' as const,
  subject: 'Deir ez-Zor',
  since: '2026-11-01',
  language: 'en' as const,
};

describe('pictures', () => {
  const renderer = createPictureRenderer();

  it('draws a PNG map and timeline of the expected size, with alt text in words', async () => {
    const { images, notes } = renderer.draw({ kinds: ['map', 'timeline'], events: deirEzZor, places, scope });
    expect(notes).toEqual([]);
    expect(images.map((i) => [i.kind, i.filename, i.width, i.height])).toEqual([
      ['map', 'map-deir-ez-zor.png', MAP_SIZE.width, MAP_SIZE.height],
      ['timeline', 'timeline-deir-ez-zor.png', TIMELINE_SIZE.width, TIMELINE_SIZE.height],
    ]);
    for (const image of images) {
      expect([...image.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      const decoded = await pixels(image.png);
      expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
    }
    expect(images[0]!.alt).toBe(
      '16 incidents in Deir ez-Zor since 1 Nov: most in Al-Bukamal (9) and Al-Mayadin (6), 3 places in all.',
    );
    expect(images[1]!.alt).toBe(
      '16 incidents in Deir ez-Zor since 1 Nov, by day: busiest day 3 Nov 2026 (2); 4-week average 1.3 a day; mostly battles (9).',
    );
  });

  it("puts Al-Bukamal's dot at its projected pixel, in the colour of its dominant type", async () => {
    const bukamal = places.get('al-bukamal')!;
    const { images } = renderer.draw({ kinds: ['map'], events: deirEzZor, places, scope });
    const { data, width } = await pixels(images[0]!.png);
    const [x, y] = mapPixel(bukamal.lon!, bukamal.lat!);
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(MAP_SIZE.width);
    // The dot is drawn at 88% opacity over the pale land, so allow some blending.
    expect(near(hex(data, width, x, y), rgb(TYPE_COLOURS.Battles), 40)).toBe(true);
    // Al-Mayadin (mostly explosions) is in another colour.
    const mayadin = places.get('al-mayadin')!;
    const [mx, my] = mapPixel(mayadin.lon!, mayadin.lat!);
    expect(near(hex(data, width, mx, my), rgb(TYPE_COLOURS['Explosions/Remote violence']), 40)).toBe(true);
  });

  it('renders Arabic labels (the label area has glyph pixels)', async () => {
    const bukamal = places.get('al-bukamal')!;
    const spec = (maxLabels: number): MapSpec => ({
      title: 'البوكمال',
      points: [
        {
          id: 'al-bukamal',
          label: 'البوكمال',
          lat: bukamal.lat!,
          lon: bukamal.lon!,
          count: 4,
          dominant: 'Battles',
        },
      ],
      governorates: [],
      language: 'ar',
      maxLabels,
      alt: 'x',
      filename: 'x.png',
    });
    const withLabel = await pixels(renderMap(spec(1)).png);
    const without = await pixels(renderMap(spec(0)).png);
    const [x, y] = mapPixel(bukamal.lon!, bukamal.lat!);
    const r = dotRadius(4, 4);
    let changed = 0;
    for (let px = Math.round(x + r + 2); px < x + r + 120; px++)
      for (let py = Math.round(y - 9); py < y + 9; py++) {
        const i = (py * withLabel.width + px) * 4;
        if (Math.abs(withLabel.data[i]! - without.data[i]!) > 60) changed++;
      }
    expect(changed).toBeGreaterThan(80);
  });

  it('gives a clear message instead of a blank image when a font is missing or nothing matches', () => {
    const noFont = createPictureRenderer({ fonts: ['/nowhere/noto-sans-latin-400-normal.woff2'] });
    expect(noFont.draw({ kinds: ['map', 'timeline'], events: deirEzZor, places, scope })).toEqual({
      images: [],
      notes: [
        "Pictures are unavailable: the font file /nowhere/noto-sans-latin-400-normal.woff2 is missing. Reinstall the bot's packages (npm ci).",
      ],
      failures: [],
    });
    const empty = renderer.draw({
      kinds: ['map', 'timeline'],
      events: [event('tartus', '2026-11-03', null)],
      places,
      scope: { ...scope, subject: 'Tartus' },
    });
    expect(empty.images).toEqual([]);
    expect(empty.notes).toEqual(['Nothing to draw: no incidents in Tartus since 1 Nov 2026.']);
  });
});
