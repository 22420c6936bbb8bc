import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createFixedClock } from '../../src/core/clock.js';
import type { CommandContext, Services } from '../../src/core/command.js';
import { dispatch } from '../../src/core/dispatch.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import type { Reply, ReplyImageKind } from '../../src/core/reply.js';
import {
  createPictureRenderer,
  type PictureRenderer,
  type PictureRequest,
} from '../../src/pictures/index.js';
import type { EventType } from '../../src/reports/types.js';
import type { EventView } from '../../src/search/types.js';
import { createFakeEngine, fakeActor, fakeEvent, fakePlace } from '../helpers/fake-services.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const places = [
  fakePlace('syria', 'Syria', { kind: 'country' }),
  fakePlace('gov-deir-ez-zor', 'Deir ez-Zor', {
    kind: 'governorate',
    parentId: 'syria',
    lat: 35.33,
    lon: 40.14,
    arabic: 'دير الزور',
  }),
  fakePlace('al-bukamal', 'Al-Bukamal', {
    parentId: 'gov-deir-ez-zor',
    governorateId: 'gov-deir-ez-zor',
    aliases: ['bukamal', 'البوكمال'],
    lat: 34.45,
    lon: 40.92,
    arabic: 'البوكمال',
  }),
  fakePlace('al-mayadin', 'Al-Mayadin', {
    parentId: 'gov-deir-ez-zor',
    governorateId: 'gov-deir-ez-zor',
    lat: 35.02,
    lon: 40.45,
  }),
  fakePlace('tartus', 'Tartus', { lat: 34.89, lon: 35.89 }),
];
const actors = [fakeActor('hezbollah', 'Hezbollah'), fakeActor('quiet-group', 'Quiet Group')];

const at = (placeId: string, date: string, eventType: EventType | null, actorIds: string[] = []): EventView =>
  fakeEvent({
    date,
    eventType,
    subEventType: eventType ? 'Armed clash' : null,
    kind: eventType ? 'event' : 'mention',
    places: [{ id: placeId, name: places.find((p) => p.id === placeId)!.name, precision: 1 }],
    actors: actorIds.map((id) => ({ id, name: actors.find((a) => a.id === id)!.name })),
    report: { published: `${date}T12:00:00Z` },
  });

const events: EventView[] = [
  at('al-bukamal', '2026-11-20', 'Battles', ['hezbollah']),
  at('al-bukamal', '2026-11-18', 'Battles', ['hezbollah']),
  at('al-bukamal', '2026-11-10', 'Explosions/Remote violence'),
  at('al-mayadin', '2026-11-12', 'Battles', ['hezbollah']),
  // Tartus is only mentioned: no incidents to draw.
  at('tartus', '2026-11-19', null),
];

function context(
  pictures: PictureRenderer | undefined,
  images?: readonly ReplyImageKind[],
): CommandContext & { logger: ReturnType<typeof createMemoryLogger> } {
  const services: Services = {
    engine: createFakeEngine({ places, actors, events }),
    ...(pictures ? { pictures } : {}),
  };
  return {
    services,
    clock: createFixedClock('2026-11-24T10:00:00Z'),
    logger: createMemoryLogger(),
    platform: 'console',
    user: { id: 'u', isAdmin: false },
    channel: { id: 'c' },
    page: { offset: 0, limit: 10 },
    ...(images ? { images } : {}),
  };
}

const ask = (line: string, ctx: CommandContext): Promise<Reply> => {
  const [name, ...rest] = line.replace(/^\//, '').split(' ');
  return dispatch(commands, { name: name!, text: rest.join(' ') }, ctx);
};

/** Records what commands ask it to draw and draws nothing but a stand-in PNG. */
function recorder(): PictureRenderer & { requests: PictureRequest[] } {
  const requests: PictureRequest[] = [];
  return {
    requests,
    draw(request) {
      requests.push(request);
      return {
        images: request.kinds.map((kind) => ({
          kind,
          png: Uint8Array.from(PNG_SIGNATURE),
          alt: `${kind} of ${request.scope.subject}`,
          filename: `${kind}.png`,
          width: 1,
          height: 1,
        })),
        notes: [],
        failures: [],
      };
    },
  };
}

let real: PictureRenderer;
beforeAll(() => {
  real = createPictureRenderer();
});

describe('/map and /trend', () => {
  it('/map of a place draws a PNG map, with the alt text as the answer', async () => {
    const reply = await ask('/map bukamal', context(real));
    expect(reply.tone).toBe('answer');
    expect(reply.title).toBe('Map: Al-Bukamal');
    expect(reply.images).toHaveLength(1);
    const image = reply.images![0]!;
    expect(image).toMatchObject({ kind: 'map', filename: 'map-al-bukamal.png', width: 960, height: 780 });
    expect([...image.png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(image.alt).toBe('3 incidents in Al-Bukamal from 10 Nov to 20 Nov 2026: all in Al-Bukamal.');
    expect(reply.summary).toBe(image.alt);
    expect(reply.imageKinds).toEqual(['map']);
  });

  it('/trend of an actor draws a PNG timeline of the incidents involving it', async () => {
    const reply = await ask('/trend hezbollah', context(real));
    expect(reply.tone).toBe('answer');
    expect(reply.title).toBe('Timeline: Hezbollah');
    const image = reply.images![0]!;
    expect(image).toMatchObject({
      kind: 'timeline',
      filename: 'timeline-hezbollah.png',
      width: 960,
      height: 440,
    });
    expect([...image.png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(image.alt).toMatch(/^3 incidents involving Hezbollah from 12 Nov to 20 Nov 2026, by day: /);
  });

  it('asks the renderer for the place’s or actor’s events and the since: period, up to today', async () => {
    const pictures = recorder();
    await ask('/trend Deir ez-Zor since:2026-11-01', context(pictures));
    await ask('/map hezbollah', context(pictures));
    expect(
      pictures.requests.map((r) => [
        r.kinds,
        r.scope.subjectKind,
        r.scope.subject,
        r.events.length,
        r.scope.since,
      ]),
    ).toEqual([
      [['timeline'], 'place', 'Deir ez-Zor', 4, '2026-11-01'],
      [['map'], 'actor', 'Hezbollah', 3, undefined],
    ]);
    expect(pictures.requests[0]?.scope.until).toBe('2026-11-24');
  });

  it('labels in Arabic when the name was typed in Arabic', async () => {
    const pictures = recorder();
    await ask('/map البوكمال', context(pictures));
    expect(pictures.requests[0]?.scope).toMatchObject({ language: 'ar', subjectArabic: 'البوكمال' });
  });

  it.each([
    ['/map tartus', 'Map: Tartus', 'Nothing to draw: no incidents in Tartus.'],
    ['/trend quiet group', 'Timeline: Quiet Group', 'Nothing to draw: no incidents involving Quiet Group.'],
    [
      '/map bukamal since:2026-11-22',
      'Map: Al-Bukamal (since 2026-11-22)',
      'Nothing to draw: no incidents in Al-Bukamal since 22 Nov 2026.',
    ],
  ])('%s with no incidents says so instead of sending a blank image', async (line, title, summary) => {
    const reply = await ask(line, context(real));
    expect(reply).toMatchObject({ tone: 'empty', title, summary });
    expect(reply.images).toBeUndefined();
  });

  it('an unknown name gets a did-you-mean, not a picture', async () => {
    const reply = await ask('/map bukamel', context(real));
    expect(reply.tone).toBe('user-error');
    expect(reply.title).toBe('I don\'t know a place or actor called "bukamel". Did you mean Al-Bukamal?');
    expect(reply.choices?.[0]).toEqual({ label: 'Al-Bukamal', command: '/map Al-Bukamal' });
  });

  it('a missing font gives a clear message through the command, not a blank image', async () => {
    const broken = createPictureRenderer({ fonts: ['/nowhere/noto-sans-gone.woff2'] });
    const reply = await ask('/map bukamal', context(broken));
    expect(reply.tone).toBe('empty');
    expect(reply.summary).toBe(
      "Pictures are unavailable: the font file /nowhere/noto-sans-gone.woff2 is missing. Reinstall the bot's packages (npm ci).",
    );
    expect(reply.images).toBeUndefined();
  });

  it('says so when the bot has no picture renderer', async () => {
    const reply = await ask('/trend bukamal', context(undefined));
    expect(reply).toMatchObject({ tone: 'info', summary: 'Pictures are not available on this bot.' });
  });
});

describe('pictures with /events and /actor', () => {
  it('/events attaches a map and a timeline, each with alt text, when the platform asks for them', async () => {
    const reply = await ask('/events bukamal', context(real, ['map', 'timeline']));
    expect(reply.tone).toBe('answer');
    expect(reply.imageKinds).toEqual(['map', 'timeline']);
    expect(reply.images?.map((i) => [i.kind, i.filename])).toEqual([
      ['map', 'map-al-bukamal.png'],
      ['timeline', 'timeline-al-bukamal.png'],
    ]);
    for (const image of reply.images!) {
      expect([...image.png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(image.alt).toMatch(/^3 incidents in Al-Bukamal from 10 Nov to 20 Nov 2026/);
    }
  });

  it('/actor attaches them too; without a request it only offers them (Slack’s buttons)', async () => {
    const drawn = await ask('/actor hezbollah', context(recorder(), ['map', 'timeline']));
    expect(drawn.images?.map((i) => [i.kind, i.alt])).toEqual([
      ['map', 'map of Hezbollah'],
      ['timeline', 'timeline of Hezbollah'],
    ]);
    const offered = await ask('/actor hezbollah', context(recorder()));
    expect(offered.images).toBeUndefined();
    expect(offered.imageKinds).toEqual(['map', 'timeline']);
  });

  it('draws only on the first page', async () => {
    const pictures = recorder();
    const ctx = { ...context(pictures, ['map', 'timeline']), page: { offset: 10, limit: 10 } };
    const reply = await ask('/events bukamal', ctx);
    expect(pictures.requests).toEqual([]);
    expect(reply.images).toBeUndefined();
  });

  it('a missing font leaves a clear line in the answer’s footer and the answer itself intact', async () => {
    const broken = createPictureRenderer({ fonts: ['/nowhere/noto-sans-gone.woff2'] });
    const reply = await ask('/events bukamal', context(broken, ['map', 'timeline']));
    expect(reply.tone).toBe('answer');
    expect(reply.images).toBeUndefined();
    expect(reply.footer).toContain(
      'Pictures are unavailable: the font file /nowhere/noto-sans-gone.woff2 is missing.',
    );
    expect(reply.footer?.match(/Pictures are unavailable/g)).toHaveLength(1);
  });

  it('offers no pictures for a place that is only mentioned (mentions are not incidents)', async () => {
    const pictures = recorder();
    const reply = await ask('/events tartus', context(pictures, ['map', 'timeline']));
    expect(pictures.requests).toEqual([]);
    expect(reply.imageKinds).toBeUndefined();
  });
});
