import { describe, expect, it } from 'vitest';
import type { ActorDirectory, PlaceDirectory } from '../../src/extract/types.js';
import { COMPLETION_LIMITS, completeActors, completePlaces } from '../../src/search/autocomplete.js';
import { createFakeActors, createFakePlaces, FAKE_ACTORS } from '../helpers/fake-directories.js';

const places = createFakePlaces();
const actors = createFakeActors();

describe('completePlaces (fake gazetteer)', () => {
  it.each([
    ['buk', 'Al-Bukamal (Deir ez-Zor)'],
    ['Abu Kamal', 'Al-Bukamal (Deir ez-Zor)'],
    ['boukamal', 'Al-Bukamal (Deir ez-Zor)'],
    ['tadmor', 'Palmyra (Homs)'],
    ['tadmur', 'Palmyra (Homs)'],
    ['palmyra airport', 'Palmyra Military Airport (Homs)'],
    ['mayad', 'Al-Mayadin (Deir ez-Zor)'],
  ])('%s -> first %s', (typed, first) => {
    expect(completePlaces(places, typed)[0]?.name).toBe(first);
  });

  it.each(['al', 'pal', 'deir', 'hamid'])(
    'every value for "%s" resolves back to the place shown',
    (typed) => {
      const shown = completePlaces(places, typed);
      expect(shown.length).toBeGreaterThan(0);
      for (const c of shown) {
        const hits = places.lookup(c.value);
        // Either a spelling that resolves to exactly this place, or the label the core offers for ambiguity.
        if (hits.length === 1) expect(places.label(hits[0]!.id)).toBe(c.name);
        else expect(c.value).toBe(c.name);
      }
    },
  );

  it('uses the label when the bare name is shared by two places', () => {
    const both = completePlaces(places, 'Al-Hamidiyah').filter((c) => c.name.startsWith('Al-Hamidiyah'));
    expect(both.map((c) => c.name).sort()).toEqual(['Al-Hamidiyah (Deir ez-Zor)', 'Al-Hamidiyah (Homs)']);
    for (const c of both) expect(c.value).toBe(c.name);
  });

  it('lists the most prominent places for empty input', () => {
    const top = completePlaces(places, '   ', 3).map((c) => c.name);
    expect(top).toEqual(['Syria', 'Al-Bukamal (Deir ez-Zor)', 'Al-Mayadin (Deir ez-Zor)']);
  });

  it.each([
    ['default', undefined, COMPLETION_LIMITS.count],
    ['smaller', 2, 2],
    ['above Discord cap', 100, COMPLETION_LIMITS.count],
  ])('respects the %s limit', (_, limit, max) => {
    expect(completePlaces(places, '', limit).length).toBeLessThanOrEqual(max);
  });

  it('returns nothing for text that matches nothing', () => {
    expect(completePlaces(places, 'qqqqzzzz')).toEqual([]);
  });

  it('never duplicates a place', () => {
    const ids = completePlaces(places, 'pal').map((c) => c.value);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps names and values within 100 characters', () => {
    const longName = 'N'.repeat(150);
    const dir = createFakePlaces([{ id: 'long', name: longName, kind: 'town', aliases: [], weight: 1 }]);
    const [c] = completePlaces(dir, 'nnn');
    expect(c?.name.length).toBeLessThanOrEqual(100);
    expect(c?.value.length).toBeLessThanOrEqual(100);
  });
});

describe('completeActors (fake registry)', () => {
  it.each([
    ['hezb', ['Hezbollah', 'Kataib Hezbollah']],
    ['Hizbullah', ['Hezbollah']],
    ['revolutionary', ['IRGC']],
    ['qsd', ['SDF']],
  ])('%s -> %j first', (typed, expected) => {
    expect(
      completeActors(actors, typed)
        .slice(0, expected.length)
        .map((c) => c.value),
    ).toEqual(expected);
  });

  it('shows the ACLED name beside ours when they differ', () => {
    expect(completeActors(actors, 'pro-iran')[0]).toEqual({
      name: 'Pro-Iran militias (Militia (Pro-Iran))',
      value: 'Pro-Iran militias',
    });
  });

  it('lists the registry in order for empty input', () => {
    expect(completeActors(actors, '', 2).map((c) => c.value)).toEqual(
      FAKE_ACTORS.slice(0, 2).map((a) => a.name),
    );
  });
});

// The real directories are written elsewhere; test against them when they are present.
let realPlaces: PlaceDirectory | undefined;
let realActors: ActorDirectory | undefined;
try {
  const gazetteer = (await import('../../src/extract/gazetteer.js')) as {
    loadGazetteer: () => PlaceDirectory | Promise<PlaceDirectory>;
  };
  realPlaces = await gazetteer.loadGazetteer();
} catch {
  realPlaces = undefined;
}
try {
  const registry = (await import('../../src/extract/actors.js')) as {
    loadActors: () => ActorDirectory | Promise<ActorDirectory>;
  };
  realActors = await registry.loadActors();
} catch {
  realActors = undefined;
}

describe.skipIf(!realPlaces)(
  'completePlaces (real gazetteer; skipped when src/extract/gazetteer.ts is absent)',
  () => {
    it.each(['buk', 'Abu Kamal', 'boukamal', 'البوكمال'])(
      '"%s" offers Al-Bukamal (Deir ez-Zor) first',
      (typed) => {
        expect(completePlaces(realPlaces!, typed)[0]?.name).toBe('Al-Bukamal (Deir ez-Zor)');
      },
    );

    it.each(['deir', 'buk', 'abu'])('every value for "%s" is a resolving spelling or the label', (typed) => {
      for (const c of completePlaces(realPlaces!, typed)) {
        const hits = realPlaces!.lookup(c.value);
        if (hits.length === 1) expect(realPlaces!.label(hits[0]!.id)).toBe(c.name);
        else expect(c.value).toBe(c.name);
      }
    });
  },
);

describe.skipIf(!realActors)(
  'completeActors (real registry; skipped when src/extract/actors.ts is absent)',
  () => {
    it('"hezb" offers Hezbollah before Kataib Hezbollah', () => {
      const values = completeActors(realActors!, 'hezb').map((c) => c.value);
      const hezbollah = values.findIndex((v) => /^hezbollah$/i.test(v));
      const kataib = values.findIndex((v) => /kata.?ib hezbollah/i.test(v));
      expect(hezbollah).toBe(0);
      if (kataib !== -1) expect(kataib).toBeGreaterThan(hezbollah);
    });
  },
);
