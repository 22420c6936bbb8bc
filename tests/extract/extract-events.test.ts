import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTORS } from '../../src/extract/actor-data.js';
import { actorKey, loadActors } from '../../src/extract/actors.js';
import {
  EVENT_TEXT_LIMIT,
  extractEvents,
  MAX_ITEMS_PER_REPORT,
  trimEventText,
  unmask,
} from '../../src/extract/extract-events.js';
import { loadGazetteer } from '../../src/extract/gazetteer.js';
import type { ActorDirectory, PlaceDirectory } from '../../src/extract/types.js';
import type { Report } from '../../src/reports/types.js';
import { createFakeDirectories } from '../helpers/fake-directories.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const sharedDir = path.resolve(repoRoot, '../shared');
const sohrSample = path.join(sharedDir, 'examples', 'report-sample-sohr.txt');

const dirs = createFakeDirectories();

function makeReport(fields: Partial<Report> & { body: string }): Report {
  return {
    id: 'r1',
    url: 'https://example.org/r1',
    canonicalUrl: 'https://example.org/r1',
    title: 'Daily round-up',
    published: '2024-09-20T12:00:00.000Z',
    source: 'Test desk',
    textHash: 'hash',
    ingestedAt: '2024-09-20T13:00:00.000Z',
    ...fields,
  };
}

const extract = (fields: Partial<Report> & { body: string }, options?: { tz?: string }) =>
  extractEvents(makeReport(fields), dirs, options);

describe('extractEvents', () => {
  it('reads a dated shelling sentence as one event', () => {
    const events = extract({
      id: 'mar',
      published: '2024-03-06T12:00:00.000Z',
      body: 'On March 4, IRGC-backed militias shelled positions near Al-Mayadin.',
    });
    expect(events).toEqual([
      {
        id: 'mar#1',
        reportId: 'mar',
        kind: 'event',
        date: '2024-03-04',
        datePrecision: 1,
        eventType: 'Explosions/Remote violence',
        subEventType: 'Shelling/artillery/missile attack',
        places: [{ id: 'al-mayadin', name: 'Al-Mayadin', precision: 2 }],
        actors: [{ id: 'pro-iran-militia', name: 'Pro-Iran militias' }],
        text: 'On March 4, IRGC-backed militias shelled positions near Al-Mayadin.',
      },
    ]);
  });

  it('numbers events in order and keeps the report id', () => {
    const events = extract({
      id: 'seq',
      body: 'Yesterday the SDF clashed with Daesh cells near Al-Bukamal. Today Russian warplanes struck Palmyra.',
    });
    expect(events.map((e) => [e.id, e.reportId, e.date, e.eventType])).toEqual([
      ['seq#1', 'seq', '2024-09-19', 'Battles'],
      ['seq#2', 'seq', '2024-09-20', 'Explosions/Remote violence'],
    ]);
  });

  it('keeps a recollection whose only date is long past as a mention dated then, not an event', () => {
    const events = extract({
      body: 'The commander, appointed on January 3, 2020, had ordered an airstrike campaign on Al-Bukamal.',
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'mention',
      eventType: null,
      subEventType: null,
      date: '2020-01-03',
      places: [{ id: 'al-bukamal' }],
    });
  });

  it('makes a report that names nothing findable through one stand-in mention with its body words', () => {
    const events = extract({ body: 'Clashes broke out at dawn and lasted for hours.' });
    expect(events).toEqual([
      {
        id: 'r1#1',
        reportId: 'r1',
        kind: 'mention',
        date: '2024-09-20',
        datePrecision: 1,
        eventType: null,
        subEventType: null,
        places: [],
        actors: [],
        text: 'Daily round-up',
        searchText: 'Clashes broke out at dawn and lasted for hours.',
      },
    ]);
  });

  it('lists a sentence naming a place or actor without event wording as a mention', () => {
    const events = extract({ body: 'Hezbollah held a press conference in Homs about the harvest.' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'mention',
      eventType: null,
      places: [{ id: 'gov-homs' }],
      actors: [{ id: 'hezbollah' }],
    });
  });

  it('lets a place-less sentence with an actor take the place named earlier in its paragraph', () => {
    const events = extract({
      body: 'Gunmen attacked a checkpoint in Al-Mayadin on Monday. Hezbollah later sent reinforcements.',
    });
    expect(events.map((e) => [e.kind, e.places.map((p) => [p.id, p.precision])])).toEqual([
      ['event', [['al-mayadin', 1]]],
      ['event', [['al-mayadin', 2]]],
    ]);
  });

  it('never carries a place past the paragraph without a continuation opening', () => {
    const events = extract({
      body: 'Gunmen attacked a checkpoint in Al-Mayadin on Monday.\n\nHezbollah later sent reinforcements.',
    });
    expect(events[1]!.places).toEqual([]);
    expect(events[1]!.actors.map((a) => a.id)).toEqual(['hezbollah']);
  });

  it('takes the region of a headline prefix for sentences that name no place', () => {
    const events = extract({
      title: 'Deir Ezzor | Militias on alert',
      body: 'Hezbollah raised its alert level and closed the roads.',
    });
    const body = events.find((e) => e.actors.some((a) => a.id === 'hezbollah'))!;
    expect(body.places.map((p) => p.id)).toEqual(['gov-deir-ez-zor']);
  });

  it('lists the headline when it names a place no body item names', () => {
    const events = extract({
      title: 'Palmyra: drone strike on a convoy',
      body: 'Yesterday Hezbollah moved fighters towards Al-Mayadin.',
    });
    expect(events.map((e) => e.text)).toEqual([
      'Palmyra: drone strike on a convoy',
      'Yesterday Hezbollah moved fighters towards Al-Mayadin.',
    ]);
    expect(events.map((e) => e.id)).toEqual(['r1#1', 'r1#2']);
  });

  it('reads words masked with asterisks whole ("IS*IS", "Gu*nmen")', () => {
    const events = extract({
      title: 'IS*IS cells strike',
      body: 'Gu*nmen of I*SIS attacked a checkpoint in Al-Mayadin.',
    });
    expect(events.at(-1)).toMatchObject({
      kind: 'event',
      eventType: 'Battles',
      actors: [{ id: 'islamic-state' }],
    });
    expect(events.at(-1)!.text).toBe('Gunmen of ISIS attacked a checkpoint in Al-Mayadin.');
    expect(unmask('5 * 3 = 15, IS*IS, a**b')).toBe('5 * 3 = 15, ISIS, ab');
  });

  it('keeps at most MAX_ITEMS_PER_REPORT items', () => {
    const body = Array.from(
      { length: 260 },
      (_, i) => `Militias shelled Al-Mayadin for the ${i + 1}th time.`,
    ).join(' ');
    const events = extract({ body });
    expect(events).toHaveLength(MAX_ITEMS_PER_REPORT);
    expect(events.at(-1)!.id).toBe(`r1#${MAX_ITEMS_PER_REPORT}`);
  });

  it('lets a continuation borrow the place and date of the event before it', () => {
    const events = extract({
      body:
        'On September 17, the Revolutionary Guards held military drills in the Al-Bokamal desert.\n\n' +
        'It is worth noting that the militias fired artillery during the drills.',
    });
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      date: '2024-09-17',
      datePrecision: 1,
      eventType: 'Strategic developments',
      places: [{ id: 'al-bukamal', precision: 2 }],
    });
  });

  it('coarsens a borrowed exact place to precision 2', () => {
    const events = extract({
      body: 'Regime forces shelled Palmyra on Monday. The shelling also hit farmland, residents said.',
    });
    expect(events.map((e) => e.places)).toEqual([
      [{ id: 'palmyra', name: 'Palmyra', precision: 1 }],
      [{ id: 'palmyra', name: 'Palmyra', precision: 2 }],
    ]);
    expect(events[1]!.date).toBe('2024-09-16');
  });

  it('does not borrow a place without a continuation opening', () => {
    const events = extract({
      body: 'Regime forces shelled Palmyra on Monday. Gunmen later killed a shepherd, residents said.',
    });
    expect(events).toHaveLength(1);
  });

  it('carries a stated date through its paragraph but not into the next one', () => {
    const events = extract({
      body:
        'On September 14, clashes erupted in Al-Mayadin between the SDF and Iranian militias. ' +
        'The SDF shelled positions in Al-Bukamal.\n\n' +
        'Drones struck a truck near Palmyra.',
    });
    expect(events.map((e) => [e.date, e.datePrecision])).toEqual([
      ['2024-09-14', 1],
      ['2024-09-14', 1],
      ['2024-09-20', 1],
    ]);
  });

  it('keeps week precision for a continuation of a "few days ago" sentence', () => {
    const events = extract({
      body:
        'A few days ago Hezbollah trained fighters at Palmyra Military Airport.\n\n' +
        'They also carried out drills with drones near the runway.',
    });
    expect(events.map((e) => [e.date, e.datePrecision, e.places[0]?.id])).toEqual([
      ['2024-09-13', 2, 'site-palmyra-airport'],
      ['2024-09-13', 2, 'site-palmyra-airport'],
    ]);
  });

  it('resolves a shared place name by the governorates the report names', () => {
    const body = 'Militias drilled in Deir Ezzor countryside. Gunmen killed a shepherd in Al-Hamidiyah.';
    const dez = extract({ body });
    expect(dez.at(-1)!.places.map((p) => p.id)).toEqual(['al-hamidiyah-dez']);
    const homs = extract({ body: 'Militias drilled in Homs. Gunmen killed a shepherd in Al-Hamidiyah.' });
    expect(homs.at(-1)!.places.map((p) => p.id)).toEqual(['al-hamidiyah-homs']);
  });

  it('deduplicates places and actors and orders places by position', () => {
    const [event] = extract({
      body: 'Clashes between the SDF and Daesh near Al-Mayadin and in Al-Bukamal spread back to Al-Mayadin, SDF sources said.',
    });
    expect(event!.places).toEqual([
      { id: 'al-mayadin', name: 'Al-Mayadin', precision: 1 },
      { id: 'al-bukamal', name: 'Al-Bukamal', precision: 1 },
    ]);
    expect(event!.actors.map((a) => a.id)).toEqual(['sdf', 'islamic-state']);
  });

  it('drops a governorate or country that contains a named town', () => {
    const [event] = extract({
      body: 'Militias shelled Al-Bukamal in Deir ez-Zor province, near the border between Syria and Iraq.',
    });
    expect(event!.places.map((p) => p.id)).toEqual(['al-bukamal']);
  });

  it('reads the title only when the body has no event', () => {
    const fromTitle = extract({
      title: 'Drone strike hits a truck near Al-Mayadin',
      body: 'More details to follow.',
    });
    expect(fromTitle).toHaveLength(1);
    expect(fromTitle[0]).toMatchObject({
      subEventType: 'Air/drone strike',
      text: 'Drone strike hits a truck near Al-Mayadin',
    });
    const fromBody = extract({
      title: 'Drone strike hits a truck near Al-Mayadin',
      body: 'Yesterday an unidentified drone struck a fuel truck near Al-Mayadin.',
    });
    expect(fromBody.map((e) => e.text)).toEqual([
      'Yesterday an unidentified drone struck a fuel truck near Al-Mayadin.',
    ]);
  });

  it('uses the time zone option for relative days', () => {
    const body = 'Yesterday, militias shelled Al-Mayadin.';
    const published = '2024-09-19T22:30:00.000Z';
    expect(extract({ body, published }, { tz: 'Asia/Damascus' })[0]!.date).toBe('2024-09-19');
    expect(extract({ body, published })[0]!.date).toBe('2024-09-18');
  });

  it('trims long sentences in the event text', () => {
    const filler =
      'while residents of the surrounding villages reported heavy movement of vehicles on the roads';
    const body = `Militias shelled Al-Mayadin ${filler}, ${filler}, ${filler}.`;
    const [event] = extract({ body });
    expect(event!.text.length).toBeLessThanOrEqual(EVENT_TEXT_LIMIT);
    expect(event!.text.endsWith('\u2026')).toBe(true);
    expect(body.startsWith(event!.text.slice(0, -1))).toBe(true);
  });
});

describe('trimEventText', () => {
  it.each<[string, string]>([
    ['Short sentence.', 'Short sentence.'],
    ['Line one\nline two.', 'Line one line two.'],
    ['  padded   text  ', 'padded text'],
    [`${'word '.repeat(60)}end.`, `${'word '.repeat(55).trim()}\u2026`],
    ['x'.repeat(300), `${'x'.repeat(EVENT_TEXT_LIMIT - 1)}\u2026`],
  ])('%j', (input, expected) => {
    expect(trimEventText(input)).toBe(expected);
  });
});

describe.skipIf(!existsSync(sohrSample))('extractEvents on the SOHR example (needs ../shared)', () => {
  // The file: source line, title, then body, separated by blank lines.
  const [, title = '', ...rest] = existsSync(sohrSample)
    ? readFileSync(sohrSample, 'utf8').split(/\n\s*\n/)
    : [];
  const events = extractEvents(
    makeReport({
      id: 'sohr',
      title: title.trim(),
      body: rest.join('\n\n'),
      published: '2024-09-20T12:00:00.000Z',
    }),
    dirs,
  );

  it('finds the 17 September exercises at Al-Bukamal', () => {
    const sept17 = events.filter((e) => e.date === '2024-09-17');
    expect(sept17.length).toBeGreaterThan(0);
    expect(sept17[0]).toMatchObject({ datePrecision: 1, eventType: 'Strategic developments' });
    expect(sept17[0]!.places.map((p) => p.id)).toContain('al-bukamal');
    expect(sept17[0]!.actors.map((a) => a.id)).toContain('irgc');
  });

  it('finds the 14 September events in Deir ez-Zor and at the coalition bases', () => {
    const sept14 = events.filter((e) => e.date === '2024-09-14' && e.kind === 'event');
    expect(sept14.length).toBeGreaterThanOrEqual(2);
    expect(sept14.every((e) => e.eventType === 'Strategic developments' && e.datePrecision === 1)).toBe(true);
    const places = new Set(sept14.flatMap((e) => e.places.map((p) => p.id)));
    for (const id of ['gov-deir-ez-zor', 'al-mayadin', 'site-al-omar-oil-field'])
      expect(places).toContain(id);
  });

  it('dates the training "a few days ago" to the week before publication', () => {
    const palmyra = events.find((e) => e.places.some((p) => p.id === 'site-palmyra-airport'));
    expect(palmyra).toMatchObject({ date: '2024-09-13', datePrecision: 2 });
  });

  it('does not make the 2020 appointment or the anticipated operation an event', () => {
    expect(events.some((e) => e.date.startsWith('2020') && e.kind === 'event')).toBe(false);
    expect(events.some((e) => /appointed/i.test(e.text) && e.kind === 'event')).toBe(false);
    expect(events.some((e) => e.eventType === 'Battles')).toBe(false);
  });

  it('keeps every event text short and every id unique', () => {
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const e of events) expect(e.text.length).toBeLessThanOrEqual(EVENT_TEXT_LIMIT);
  });
});

const gazetteerFile = path.join(repoRoot, 'src', 'extract', 'gazetteer.ts');
const actorsFile = path.join(repoRoot, 'src', 'extract', 'actors.ts');
const realReady = existsSync(sohrSample) && existsSync(gazetteerFile) && existsSync(actorsFile);

describe.skipIf(!realReady)('extractEvents on the SOHR example with the real gazetteer and actors', () => {
  it('finds the same dated events as with the fakes', async () => {
    // Loaded by path so this file still compiles while those modules are being written.
    const gazetteer: { loadGazetteer: () => PlaceDirectory } = await import(gazetteerFile);
    const registry: { loadActors: () => ActorDirectory } = await import(actorsFile);
    const real = { places: gazetteer.loadGazetteer(), actors: registry.loadActors() };
    const [, title = '', ...rest] = readFileSync(sohrSample, 'utf8').split(/\n\s*\n/);
    const events = extractEvents(
      makeReport({
        id: 'sohr',
        title: title.trim(),
        body: rest.join('\n\n'),
        published: '2024-09-20T12:00:00.000Z',
      }),
      real,
    );
    const sept17 = events.filter((e) => e.date === '2024-09-17');
    expect(sept17.length).toBeGreaterThan(0);
    expect(sept17[0]!.eventType).toBe('Strategic developments');
    expect(sept17[0]!.places.map((p) => p.name).join(' ')).toMatch(/Bukamal/);
    expect(events.filter((e) => e.date === '2024-09-14').length).toBeGreaterThanOrEqual(2);
    expect(
      events.some((e) => (e.date.startsWith('2020') && e.kind === 'event') || e.eventType === 'Battles'),
    ).toBe(false);
  });
});

describe('names that outlived their actor', () => {
  // The real registry: the succession is data in src/extract/actor-data.ts.
  const real = { places: loadGazetteer(), actors: loadActors() };
  const actorsOf = (published: string, body: string) =>
    extractEvents(makeReport({ published, body }), real).flatMap((e) => e.actors.map((a) => a.id));

  it.each([
    [
      '2023-05-10T12:00:00Z',
      'On May 9, government forces shelled villages near Maarat al-Numan.',
      'syrian-army',
    ],
    [
      '2025-03-10T12:00:00Z',
      'On March 9, government forces clashed with gunmen near Jableh.',
      'syrian-transitional-forces',
    ],
    [
      '2025-03-10T12:00:00Z',
      'On March 9, the Syrian army sent reinforcements to Jableh.',
      'syrian-transitional-forces',
    ],
    [
      '2025-03-10T12:00:00Z',
      'On March 9, القوات الحكومية shelled hideouts near Jableh.',
      'syrian-transitional-forces',
    ],
    [
      '2025-03-10T12:00:00Z',
      'On March 9, former regime forces attacked a checkpoint near Jableh.',
      'syrian-army',
    ],
    [
      '2025-03-10T12:00:00Z',
      'On March 9, Assad forces remnants attacked a checkpoint near Jableh.',
      'syrian-army',
    ],
    // A report from early January about late November: the event's date decides.
    [
      '2025-01-03T12:00:00Z',
      'On November 29, government forces shelled villages near Maarat al-Numan.',
      'syrian-army',
    ],
    [
      '2024-12-08T18:00:00Z',
      'Today, government forces shelled a convoy near Homs.',
      'syrian-transitional-forces',
    ],
  ])('published %s: %s -> %s', (published, body, expected) => {
    const ids = actorsOf(published, body);
    expect(ids).toContain(expected);
    expect(ids).not.toContain(expected === 'syrian-army' ? 'syrian-transitional-forces' : 'syrian-army');
  });

  it('every succession names aliases the actor really has and a successor that exists', () => {
    const withSuccession = ACTORS.filter((a) => a.succession);
    expect(withSuccession.length).toBeGreaterThan(0);
    for (const a of withSuccession) {
      const own = new Set([a.name, ...a.aliases].map(actorKey));
      for (const alias of a.succession!.aliases)
        expect(own.has(actorKey(alias)), `${a.id}: ${alias}`).toBe(true);
      expect(ACTORS.some((b) => b.id === a.succession!.to)).toBe(true);
      expect(a.succession!.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
