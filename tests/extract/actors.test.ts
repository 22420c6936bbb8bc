import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTORS, type ActorEntry, AMBIGUOUS_ALIASES } from '../../src/extract/actor-data.js';
import { actorKey, createActorRegistry, loadActors } from '../../src/extract/actors.js';
import type { Actor } from '../../src/extract/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared');
const taxonomyFile = path.join(shared, 'EVENT-TAXONOMY.md');
const sohrFile = path.join(shared, 'examples/report-sample-sohr.txt');
const mercuryFile = path.join(
  shared,
  'corpus/mercury_ma_gsr_syria_deirezzor-palmyra-hezbollah-iran_subset.csv',
);

const registry = loadActors();
const ids = (actors: Actor[]) => actors.map((a) => a.id);
const mentioned = (text: string) => registry.findMentions(text).map((m) => m.actorId);
const writtenForms = (a: ActorEntry) => [
  a.name,
  ...(a.acledName ? [a.acledName] : []),
  ...a.aliases,
  ...(a.countryNames ?? []),
  ...(a.demonyms ?? []),
];
const ambiguousKeys = new Set(AMBIGUOUS_ALIASES.map(actorKey));

describe('actor data', () => {
  it('holds at least 150 actors, each described', () => {
    expect(ACTORS.length).toBeGreaterThanOrEqual(150);
    expect(ACTORS.filter((a) => !a.description?.trim()).map((a) => a.id)).toEqual([]);
  });

  it.each([
    'hezbollah',
    'irgc',
    'irgc-quds-force',
    'kataib-hezbollah',
    'nujaba',
    'coalition',
    'us-forces',
    'sdf',
    'islamic-state',
    'hts',
    'sna',
    'syrian-army',
    'russian-forces',
    'turkish-forces',
    'israeli-forces',
    'pro-iran-militia',
  ])('has the actor %s', (id) => {
    expect(registry.get(id)?.id).toBe(id);
  });

  it('gives every name and alias to exactly one actor unless it is listed as ambiguous', () => {
    const clashes: string[] = [];
    for (const actor of ACTORS) {
      for (const form of writtenForms(actor)) {
        const found = ids(registry.lookup(form));
        const ok = ambiguousKeys.has(actorKey(form))
          ? found.includes(actor.id) && found.length > 1
          : found.length === 1 && found[0] === actor.id;
        if (!ok) {
          clashes.push(`${actor.id}: "${form}" -> [${found.join(', ')}]`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it.each(AMBIGUOUS_ALIASES.map((alias) => [alias]))(
    'really shares the ambiguous alias %j among actors',
    (alias) => {
      expect(registry.lookup(alias).length).toBeGreaterThan(1);
    },
  );
});

describe('ACLED canonical names', () => {
  it.each([
    ['Hezbollah', 'hezbollah'],
    ['Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps', 'irgc'],
    ['Military Forces of Iran (1989-) Quds Force', 'irgc-quds-force'],
    ['Militia (Pro-Iran)', 'pro-iran-militia'],
    ['Fatemiyoun Brigade', 'fatemiyoun'],
    ['LaQ: Quds Brigade', 'liwa-al-quds'],
    ['Harakat Hezbollah Al Nujaba', 'nujaba'],
    ['Kataib Hezbollah', 'kataib-hezbollah'],
    ['Global Coalition Against Daesh', 'coalition'],
    ['Military Forces of the United States', 'us-forces'],
    ['QSD: Syrian Democratic Forces', 'sdf'],
    ['Islamic State (Syria)', 'islamic-state'],
    ['Military Forces of Syria', 'syrian-army'],
    ['Military Forces of Russia', 'russian-forces'],
  ])('%s -> %s', (name, id) => {
    expect(ids(registry.lookup(name))).toEqual([id]);
  });

  describe.skipIf(!existsSync(taxonomyFile))(
    'as listed in ../shared/EVENT-TAXONOMY.md (skipped: file absent)',
    () => {
      it('resolves every quoted actor name to the actor carrying it as its ACLED name', () => {
        const text = readFileSync(taxonomyFile, 'utf8');
        const section = text.slice(text.indexOf('## Actor fields'), text.indexOf('## Place names'));
        const names = [...section.matchAll(/"([^"]+)"/g)].map((m) => m[1]!.replace(/\s+/g, ' '));
        expect(names.length).toBeGreaterThan(10);
        const unresolved = names.filter((name) => {
          const hits = registry.lookup(name);
          return hits.length !== 1 || hits[0]!.acledName !== name;
        });
        expect(unresolved).toEqual([]);
      });
    },
  );
});

describe('lookup', () => {
  it.each([
    ['IRGC', 'irgc'],
    ['irgc', 'irgc'],
    ['Revolutionary Guards', 'irgc'],
    ['revolutionary guard', 'irgc'],
    ['Iranian Revolutionary Guards', 'irgc'],
    ['Pasdaran', 'irgc'],
    ['الحرس الثوري', 'irgc'],
    ['Quds Force', 'irgc-quds-force'],
    ['Al-Qods Legion', 'irgc-quds-force'],
    ['فيلق القدس', 'irgc-quds-force'],
    ['Quds Brigade', 'liwa-al-quds'],
    ['Liwa al-Quds', 'liwa-al-quds'],
    ['hezbollah', 'hezbollah'],
    ['Hizballah', 'hezbollah'],
    ['Lebanese Hezbollah militia', 'hezbollah'],
    ['حزب الله', 'hezbollah'],
    ['kataib hezbollah', 'kataib-hezbollah'],
    ["Kata'ib Hizballah", 'kataib-hezbollah'],
    ['KH', 'kataib-hezbollah'],
    ['Nujaba', 'nujaba'],
    ['Harakat Hezbollah al-Nujaba', 'nujaba'],
    ['Iranian militias', 'pro-iran-militia'],
    ['pro-Iranian militias', 'pro-iran-militia'],
    ['Fatemiyoun', 'fatemiyoun'],
    ['Hashd al-Shaabi', 'pmf'],
    ['regime forces', 'syrian-army'],
    ['SAA', 'syrian-army'],
    ['Tiger Forces', '25th-division'],
    ['National Defense Forces', 'ndf'],
    ['General Security', 'general-security'],
    ['QSD', 'sdf'],
    ['قسد', 'sdf'],
    ['YPG', 'ypg'],
    ['Daesh', 'islamic-state'],
    ['داعش', 'islamic-state'],
    ['ISIL', 'islamic-state'],
    ['Hayat Tahrir al-Sham', 'hts'],
    ['هيئة تحرير الشام', 'hts'],
    ['Amshat', 'suleiman-shah-brigade'],
    ['Rijal al-Karama', 'men-of-dignity'],
    ['US-led coalition', 'coalition'],
    ['Operation Inherent Resolve', 'coalition'],
    ['CENTCOM', 'us-forces'],
    ['Russian military police', 'russian-military-police'],
    ['Africa Corps', 'wagner'],
    ['TAF', 'turkish-forces'],
    ['IDF', 'israeli-forces'],
    ['Syrian Free Army', 'maghawir-al-thawra'],
    ['Free Syrian Army', 'fsa'],
    ['unidentified gunmen', 'unidentified-armed-group'],
    ['Military Forces of Iran (1989-)', 'iran-forces'],
    ['Military Forces of Iran', 'iran-forces'],
    ['  irgc-quds-force ', 'irgc-quds-force'],
    ['Coalition', 'coalition'],
  ])('%j -> %s', (query, id) => {
    expect(ids(registry.lookup(query))).toEqual([id]);
  });

  it.each([
    ['Syrian guards'],
    ['Syrian National Coalition'],
    ['militias'],
    ['al-'],
    [''],
    ['Washington'],
    ['Syria'],
  ])('%j names no actor', (query) => {
    expect(registry.lookup(query)).toEqual([]);
  });

  it.each([
    ['Quds', ['irgc-quds-force', 'liwa-al-quds']],
    ['Al-Quds', ['irgc-quds-force', 'liwa-al-quds']],
    ['Ahrar', ['ahrar-al-sham', 'ahrar-al-sharqiya']],
  ])('%j offers a choice', (query, expected) => {
    expect(ids(registry.lookup(query)).sort()).toEqual(expected);
  });
});

describe('the three Hezbollahs', () => {
  const three = ['Hezbollah', 'Kataib Hezbollah', 'Harakat Hezbollah al-Nujaba'];
  it('resolve to three different actors', () => {
    const found = three.map((name) => ids(registry.lookup(name)));
    expect(found).toEqual([['hezbollah'], ['kataib-hezbollah'], ['nujaba']]);
  });
  it('are found apart in one sentence', () => {
    expect(mentioned('Hezbollah, Kataib Hezbollah and Harakat Hezbollah al-Nujaba all sent men.')).toEqual([
      'hezbollah',
      'kataib-hezbollah',
      'nujaba',
    ]);
  });
  it('are not units of one another', () => {
    for (const id of ['hezbollah', 'kataib-hezbollah', 'nujaba']) {
      expect(['hezbollah', 'kataib-hezbollah', 'nujaba']).not.toContain(registry.get(id)?.parentId);
    }
  });
});

describe('actorKey', () => {
  it.each([
    ['Revolutionary Guard', 'Revolutionary Guards'],
    ['Iranian-backed militia', 'Iranian backed militias'],
    ['Hizballah', 'Hizb Allah'],
    ['Asa’ib Ahl al-Haq', 'Asaib Ahl al Haq'],
    ['Jaish al-Islam', 'Jaysh al-Islam'],
  ])('%j folds like %j', (a, b) => {
    expect(actorKey(a)).toBe(actorKey(b));
  });
  it.each([
    ['Republican Guard', 'Revolutionary Guard'],
    ['Quds Force', 'Quds Brigade'],
    ['Free Syrian Army', 'Syrian Free Army'],
    ['National Defence Forces', 'Local Defence Forces'],
  ])('%j stays apart from %j', (a, b) => {
    expect(actorKey(a)).not.toBe(actorKey(b));
  });
});

describe('complete', () => {
  it.each([
    ['hezb', 'hezbollah'],
    ['irg', 'irgc'],
    ['IRG', 'irgc'],
    ['revolutionary g', 'irgc'],
    ['fatem', 'fatemiyoun'],
    ['kataib h', 'kataib-hezbollah'],
    ['tiger', '25th-division'],
    ['isi', 'islamic-state'],
    ['قس', 'sdf'],
    ['syr', 'syrian-army'],
  ])('%j -> %s first', (prefix, id) => {
    expect(registry.complete(prefix, 5)[0]?.id).toBe(id);
  });

  it('puts Hezbollah before the groups that only carry the word', () => {
    const found = ids(registry.complete('hezb', 10));
    expect(found.indexOf('hezbollah')).toBe(0);
    expect(found).toContain('kataib-hezbollah');
    expect(found).toContain('nujaba');
  });

  it('offers the most prominent actors for an empty prefix, within the limit', () => {
    const top = Math.max(...ACTORS.map((a) => a.weight ?? 0));
    const found = registry.complete('', 5);
    expect(found).toHaveLength(5);
    expect(ACTORS.find((a) => a.id === found[0]!.id)?.weight).toBe(top);
  });

  it.each([
    ['a', 3],
    ['s', 1],
    ['zzzz', 5],
  ])('%j returns at most %d', (prefix, limit) => {
    expect(registry.complete(prefix, limit).length).toBeLessThanOrEqual(limit);
  });
});

describe('suggest', () => {
  it.each([
    ['hezbolla', 'hezbollah'],
    ['hizbulah', 'hezbollah'],
    ['revolutionary gaurds', 'irgc'],
    ['fatimiyoon', 'fatemiyoun'],
    ['nujabba', 'nujaba'],
    ['kataib hizbolah', 'kataib-hezbollah'],
    ['syrain democratic forces', 'sdf'],
    ['hayat tahrir al shem', 'hts'],
    ['daesch', 'islamic-state'],
  ])('%j -> did you mean %s', (query, id) => {
    expect(registry.suggest(query, 3)[0]?.id).toBe(id);
  });

  it.each([['xq'], ['zzzzzzzz'], ['the weather in Paris']])('%j suggests nothing', (query) => {
    expect(registry.suggest(query, 5)).toEqual([]);
  });
});

describe('Arabic proclitics written onto a name', () => {
  it.each([
    ['وداعش هاجم القرية', ['islamic-state']],
    ['اشتباكات بين قسد وداعش', ['sdf', 'islamic-state']],
    ['وحزب الله انسحب من البلدة', ['hezbollah']],
    ['بيان لحزب الله', ['hezbollah']],
    ['وكتائب حزب الله', ['kataib-hezbollah']],
    ['وفاطميون', ['fatemiyoun']],
    ['والحرس الثوري', ['irgc']],
    // Words that only look like a proclitic and a name stay unmatched.
    ['وحزب', []],
    ['بدا', []],
  ])('%s -> %j', (text, ids) => {
    expect(mentioned(text)).toEqual(ids);
  });
});

describe('findMentions', () => {
  it.each([
    ['Fighters of the Iranian Revolutionary Guards moved into the desert.', ['irgc']],
    ['The IRGC and the Lebanese Hezbollah militia held drills near the border.', ['irgc', 'hezbollah']],
    ['Iranian-backed militias shelled a village at dawn.', ['pro-iran-militia', 'iran-forces']],
    [
      'Pro-Iranian militias and Iranian militias are one bucket.',
      ['pro-iran-militia', 'iran-forces', 'pro-iran-militia', 'iran-forces'],
    ],
    ['Turkish-backed factions shelled positions held by the SDF.', ['sna', 'turkish-forces', 'sdf']],
    ['Russian warplanes struck hills south of Idlib.', ['russian-air-force']],
    ['Israeli strikes hit a depot near the capital.', ['israeli-forces']],
    ['The US-led coalition said nobody was hurt.', ['coalition', 'us-forces']],
    ['U.S. forces reinforced their base at the oil field.', ['us-forces']],
    ['A commander of the Al-Qods Legion toured the front.', ['irgc-quds-force']],
    ['Liwa al-Quds fighters deployed east of Aleppo.', ['liwa-al-quds']],
    ['An unidentified drone flew over the base.', ['unidentified-armed-group']],
    ['Unidentified gunmen shot dead two civilians.', ['unidentified-armed-group', 'civilians']],
    ['ISIS cells attacked a checkpoint; IS later claimed it.', ['islamic-state', 'islamic-state']],
    ['Isis fighters were seen near the wells.', ['islamic-state']],
    [
      'Regime forces and the NDF advanced, backed by Russian jets.',
      ['syrian-army', 'ndf', 'russian-air-force'],
    ],
    ['Fighters from HTS and KH were named in the statement.', ['hts', 'kataib-hezbollah']],
    ['هاجم تنظيم داعش مواقع قسد', ['islamic-state', 'sdf']],
    ['Ahrar al-Sham fighters took the hill.', ['ahrar-al-sham']],
    ['Iran’s Revolutionary Guards sent advisers.', ['irgc']],
    ['They fled to Iran. Revolutionary Guards then arrived.', ['irgc']],
    ['This is what the minister has said.', []],
    ['the coalition of the willing met again', []],
    ['The Syrian National Coalition issued a statement.', []],
    ['he is in sdf and hts, lower case', []],
    ['Trainers included Syrian guards.', []],
    ['Crowds marked Quds Day in the square.', []],
    ['Ahrar fighters took the hill.', []],
    ['Israel and Iran traded threats.', ['israeli-forces', 'iran-forces']],
    ['SANA did not say who fired.', []],
    ['It was not easy to dig the ditch.', []],
  ])('%j -> %j', (text, expected) => {
    expect(mentioned(text)).toEqual(expected);
  });

  it.each([
    ['The Lebanese Hezbollah militia trained there.', 'Lebanese Hezbollah militia'],
    ['Then U.S.-led coalition jets flew over.', 'U.S.-led coalition'],
    ['They fled to Iran. Revolutionary Guards then arrived.', 'Revolutionary Guards'],
    ['Talks with the Al-Qods Legion failed.', 'Al-Qods Legion'],
    ['They were described as Daesh fighters.', 'Daesh'],
    ['A statement from al Qaeda followed.', 'al Qaeda'],
    ['Fighters of Ahrar ash-Sham withdrew.', 'Ahrar ash-Sham'],
  ])('in %j the span is %j', (text, surface) => {
    const [span] = registry.findMentions(text);
    expect(span?.surface).toBe(surface);
    expect(text.slice(span!.start, span!.end)).toBe(surface);
  });
});

describe('related', () => {
  it.each([
    ['irgc', 'irgc-quds-force'],
    ['irgc-quds-force', 'pro-iran-militia'],
    ['irgc', 'pro-iran-militia'],
    ['hezbollah', 'irgc'],
    ['sdf', 'ypg'],
    ['hts', 'jabhat-al-nusra'],
    ['sna', 'sultan-murad-division'],
    ['coalition', 'us-forces'],
    ['syrian-army', '4th-division'],
    ['iran-forces', 'irgc'],
  ])('%s <-> %s', (a, b) => {
    expect(ids(registry.related(a))).toContain(b);
    expect(ids(registry.related(b))).toContain(a);
  });

  it('lists the parent first', () => {
    expect(registry.related('irgc-quds-force')[0]?.id).toBe('irgc');
  });

  it('never lists the actor itself or repeats one', () => {
    for (const a of ACTORS) {
      const found = ids(registry.related(a.id));
      expect(found).not.toContain(a.id);
      expect(new Set(found).size).toBe(found.length);
    }
  });

  it('knows nothing about an unknown id', () => {
    expect(registry.related('no-such-actor')).toEqual([]);
  });
});

describe('createActorRegistry', () => {
  const actor = (id: string, extra: Partial<ActorEntry> = {}): ActorEntry => ({
    id,
    name: id.toUpperCase(),
    kind: 'militia',
    aliases: [],
    related: [],
    ...extra,
  });

  it.each([
    ['a repeated id', [actor('one'), actor('one')], /duplicate id "one"/],
    ['an id that is not a slug', [actor('Not A Slug')], /"Not A Slug" is not a lower-case slug/],
    ['an unknown parent', [actor('one', { parentId: 'ghost' })], /"one" has unknown parentId "ghost"/],
    [
      'an unknown related id',
      [actor('one', { related: ['ghost'] })],
      /"one" lists unknown related id "ghost"/,
    ],
    [
      'a name that folds to nothing',
      [actor('one', { aliases: ['al-'] })],
      /"one" has a name that folds to nothing/,
    ],
    [
      'a parent loop',
      [actor('one', { parentId: 'two' }), actor('two', { parentId: 'one' })],
      /parent chain of "one" loops/,
    ],
  ])('refuses %s', (_label, actors, message) => {
    expect(() => createActorRegistry(actors)).toThrow(message);
  });

  it('offers both actors for a shared alias and tags neither in prose', () => {
    const small = createActorRegistry([
      actor('first-brigade', { aliases: ['Lions Brigade'] }),
      actor('second-brigade', { aliases: ['Lions Brigade'] }),
    ]);
    expect(ids(small.lookup('lions brigade')).sort()).toEqual(['first-brigade', 'second-brigade']);
    expect(small.findMentions('The Lions Brigade withdrew.')).toEqual([]);
  });

  it('hands out the contract fields only', () => {
    const small = createActorRegistry([actor('one', { weight: 50, description: 'A test group.' })]);
    expect(small.get('one')).toEqual({
      id: 'one',
      name: 'ONE',
      kind: 'militia',
      aliases: [],
      related: [],
      description: 'A test group.',
    });
  });
});

describe.skipIf(!existsSync(sohrFile))('the SOHR example (skipped: ../shared/examples absent)', () => {
  it('finds the actors it names and leaves "Syrian guards" alone', () => {
    const found = new Set(mentioned(readFileSync(sohrFile, 'utf8')));
    for (const id of [
      'irgc',
      'irgc-quds-force',
      'hezbollah',
      'pro-iran-militia',
      'coalition',
      'us-forces',
      'unidentified-armed-group',
    ]) {
      expect(found).toContain(id);
    }
    expect(found).not.toContain('republican-guard');
    expect(found).not.toContain('kataib-hezbollah');
  });
});

/** Split one CSV line, honouring double-quoted fields. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

describe('the Mercury actor names', () => {
  const mercury: [string, string][] = [
    ['Syrian Arab Military', 'syrian-army'],
    ['Russian Military', 'russian-forces'],
    ['Hezbollah', 'hezbollah'],
    ['Iranian Military', 'iran-forces'],
    ['National Defence Forces Syria', 'ndf'],
    ['Iraqi Military', 'iraqi-forces'],
    ['Harakat Al-Nujaba', 'nujaba'],
    ['Liwa Fatemiyoun', 'fatemiyoun'],
    ['Syrian Democratic Forces', 'sdf'],
    ['Palestine Liberation Army', 'palestine-liberation-army'],
    ['Iranian Quds Force', 'irgc-quds-force'],
    ['Al-Quds Al Filastini Brigade', 'liwa-al-quds'],
    ['Turkish Military', 'turkish-forces'],
    ["Ba'ath Brigades", 'baath-brigades'],
    ['Islamic State', 'islamic-state'],
    ['Lebanese General Security', 'lebanese-general-security'],
    ["People's Mobilization", 'pmf'],
    ['Lebanese Military', 'lebanese-army'],
    ['Peshmerga', 'peshmerga'],
    ['Abu Al-Fadhel Al-Abbas Brigade', 'abu-fadl-abbas-brigade'],
    ["Kata'ib Al-Imam Ali", 'imam-ali-brigade'],
    ["Kata'ib Hezbollah", 'kataib-hezbollah'],
    ['Asayish', 'asayish'],
  ];

  it.each(mercury)('%j -> %s', (name, id) => {
    expect(ids(registry.lookup(name))).toEqual([id]);
  });

  describe.skipIf(!existsSync(mercuryFile))('in the corpus file (skipped: ../shared/corpus absent)', () => {
    it('covers every actor in its Actor column, and each listed spelling agrees', () => {
      const [header, ...rows] = readFileSync(mercuryFile, 'utf8').split(/\r?\n/).filter(Boolean);
      const column = csvFields(header!).indexOf('Actor');
      const names = new Set(rows.flatMap((row) => (csvFields(row)[column] ?? '').split(';')));
      const expected = new Map(mercury);
      const problems: string[] = [];
      for (const name of names) {
        if (name === '' || name.startsWith('Unspecified')) continue;
        const [first, ...rest] = name.split(' / ');
        const id = expected.get(first!);
        if (!id) {
          problems.push(`not in the table: ${first}`);
          continue;
        }
        for (const part of rest) {
          const hit = ids(registry.lookup(part));
          if (hit.length > 0 && hit.join() !== id) problems.push(`${part} -> ${hit.join()} (expected ${id})`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
});
