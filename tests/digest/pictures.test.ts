import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/core/clock.js';
import type { Reply } from '../../src/core/reply.js';
import { runDigestCli } from '../../src/digest/cli.js';
import { composeDigest } from '../../src/digest/compose.js';
import { collectDigestInput } from '../../src/digest/digest-service.js';
import { drawDigestPictures, withDigestPictures } from '../../src/digest/pictures.js';
import { createPictureRenderer, type PictureRenderer } from '../../src/pictures/index.js';
import { createFakeEngine, ev } from './fixtures.js';

const events = [
  ev({ n: 1, published: '2026-11-23T06:00:00Z', places: ['al-bukamal'] }),
  ev({ n: 2, published: '2026-11-23T08:00:00Z', places: ['manbij'] }),
];
const engine = { ...createFakeEngine(events), eventsForPlace: () => events };
const now = new Date('2026-11-24T10:00:00Z');
const doc = (day: string) =>
  composeDigest(collectDigestInput(engine, { day, tz: 'Asia/Damascus', now }), engine.places);

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
const stub: PictureRenderer = {
  draw: ({ kinds, scope }) => ({
    images: kinds.map((kind) => ({
      kind,
      png,
      alt: `${kind} ${scope.subject}`,
      filename: `${kind}-${scope.fileStem}.png`,
      width: 1,
      height: 1,
    })),
    notes: [],
    failures: [],
  }),
};

describe('drawDigestPictures', () => {
  it('draws nothing on a day without incidents', () => {
    expect(drawDigestPictures(doc('2026-11-20'), { engine, renderer: stub })).toEqual({
      images: [],
      notes: [],
    });
  });

  it('a missing font gives one clear note and no images, which the first message’s footer carries', () => {
    const broken = createPictureRenderer({ fonts: ['/nowhere/noto-sans-missing.woff2'] });
    const drawn = drawDigestPictures(doc('2026-11-23'), { engine, renderer: broken });
    expect(drawn.images).toEqual([]);
    expect(drawn.notes).toEqual([
      'Nothing to draw: none of the 2 incidents in Syria and the region reported on 23 Nov 2026 has a place with known coordinates.',
      "Pictures are unavailable: the font file /nowhere/noto-sans-missing.woff2 is missing. Reinstall the bot's packages (npm ci).",
    ]);
    const replies: Reply[] = [
      { tone: 'answer', title: 'Digest (part 1 of 2)', sections: [], footer: 'Continues in part 2 of 2.' },
      { tone: 'answer', title: 'Digest (part 2 of 2)', sections: [] },
    ];
    const out = withDigestPictures(replies, drawn);
    expect(out[0]?.footer).toBe(['Continues in part 2 of 2.', ...drawn.notes].join('\n'));
    expect(out[0]?.images).toBeUndefined();
    expect(out[1]).toBe(replies[1]);
  });

  it('puts every picture on the first message only, without Slack picture buttons', () => {
    const drawn = drawDigestPictures(doc('2026-11-23'), { engine, renderer: stub });
    const out = withDigestPictures(
      [
        { tone: 'answer', title: 'a', sections: [] },
        { tone: 'answer', title: 'b', sections: [] },
      ],
      drawn,
    );
    expect(out[0]?.images?.map((i) => i.filename)).toEqual([
      'map-digest-2026-11-23.png',
      'timeline-aleppo-2026-11-23.png',
      'timeline-deir-ez-zor-2026-11-23.png',
    ]);
    expect(out[0]?.imageKinds).toBeUndefined();
    expect(out[1]?.images).toBeUndefined();
  });
});

describe('cli digest with pictures', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('writes the pictures under the images dir and prints their paths', async () => {
    const imagesDir = path.join(await mkdtemp(path.join(tmpdir(), 'digest-images-')), 'images');
    dirs.push(path.dirname(imagesDir));
    const out: string[] = [];
    const code = await runDigestCli(['--date', '2026-11-23'], {
      engine,
      out: (s) => out.push(s),
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      defaults: { time: '08:00', tz: 'Asia/Damascus' },
      pictures: stub,
      imagesDir,
    });
    expect(code).toBe(0);
    const files = (await readdir(imagesDir)).sort();
    expect(files).toEqual([
      '20261124-100000-map-digest-2026-11-23.png',
      '20261124-100000-timeline-aleppo-2026-11-23.png',
      '20261124-100000-timeline-deir-ez-zor-2026-11-23.png',
    ]);
    for (const f of files) expect(out.join('\n')).toContain(path.join(imagesDir, f));
  });
});
