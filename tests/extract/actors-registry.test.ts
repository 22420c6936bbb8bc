import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTORS, ACTORS_FILE, parseActorData, parseExtraAliases } from '../../src/extract/actor-data.js';
import { backedGroups, loadActors } from '../../src/extract/actors.js';
import type { Actor } from '../../src/extract/types.js';

const registry = loadActors();
const ids = (actors: Actor[]) => actors.map((a) => a.id);
const mentioned = (text: string) => registry.findMentions(text).map((m) => m.actorId);

describe('typed queries, the way people type them', () => {
  it.each([
    // Countries and demonyms name the state's forces.
    ['russia', 'russian-forces'],
    ['Russians', 'russian-forces'],
    ['iran', 'iran-forces'],
    ['Iranian', 'iran-forces'],
    ['turkey', 'turkish-forces'],
    ['Türkiye', 'turkish-forces'],
    ['turkish', 'turkish-forces'],
    ['israel', 'israeli-forces'],
    ['Israeli', 'israeli-forces'],
    ['US', 'us-forces'],
    ['u.s.', 'us-forces'],
    ['united states', 'us-forces'],
    ['america', 'us-forces'],
    ['Americans', 'us-forces'],
    ['iraq', 'iraqi-forces'],
    ['jordan', 'jordanian-forces'],
    ['Jordanian', 'jordanian-forces'],
    ['lebanon', 'lebanese-army'],
    ['روسيا', 'russian-forces'],
    ['الروسية', 'russian-forces'],
    ['القوات الروسية', 'russian-forces'],
    ['إيران', 'iran-forces'],
    ['الإيرانية', 'iran-forces'],
    ['تركيا', 'turkish-forces'],
    ['التركي', 'turkish-forces'],
    ['إسرائيل', 'israeli-forces'],
    ['الإسرائيلي', 'israeli-forces'],
    ['الأمريكي', 'us-forces'],
    ['الأميركية', 'us-forces'],
    ['القوات الأمريكية', 'us-forces'],
    ['العراق', 'iraqi-forces'],
    ['العراقية', 'iraqi-forces'],
    ['الأردن', 'jordanian-forces'],
    ['الأردني', 'jordanian-forces'],
    // Units and groups by their common names.
    ['fourth division', '4th-division'],
    ['الفرقة الرابعة', '4th-division'],
    ['republican guard', 'republican-guard'],
    ['tiger forces', '25th-division'],
    ['air force intelligence', 'air-force-intelligence'],
    ['military security', 'military-intelligence'],
    ['الدفاع الوطني', 'ndf'],
    ['baath brigades', 'baath-brigades'],
    ['الأمن العام', 'general-security'],
    ['public security', 'general-security'],
    ['ministry of defense forces', 'syrian-transitional-forces'],
    ['quds force', 'irgc-quds-force'],
    ['الحرس الثوري', 'irgc'],
    ['kataib sayyid al-shuhada', 'kataib-sayyid-al-shuhada'],
    ['asaib ahl al-haq', 'asaib-ahl-al-haq'],
    ['zainabiyoun', 'zainabiyoun'],
    ['فاطميون', 'fatemiyoun'],
    ['لواء القدس', 'liwa-al-quds'],
    ['islamic resistance in iraq', 'islamic-resistance-in-iraq'],
    ['national army', 'sna'],
    ['الجيش الوطني', 'sna'],
    ['hamzat', 'hamza-division'],
    ['amshat', 'suleiman-shah-brigade'],
    ['levant front', 'levant-front'],
    ['faylaq al-sham', 'faylaq-al-sham'],
    ['hurras al-din', 'hurras-al-din'],
    ['TIP', 'turkistan-islamic-party'],
    ['قسد', 'sdf'],
    ['قوات سوريا الديمقراطية', 'sdf'],
    ['ypj', 'ypj'],
    ['deir ez-zor military council', 'deir-ez-zor-military-council'],
    ['manbij military council', 'manbij-military-council'],
    ['التحالف الدولي', 'coalition'],
    ['al-aqidat', 'al-aqidat'],
    ['جيش العشائر', 'tribal-army'],
    ['رجال الكرامة', 'men-of-dignity'],
    ['suwayda military council', 'suwayda-military-council'],
    ['8th brigade', 'eighth-brigade'],
    ['maghawir al-thawra', 'maghawir-al-thawra'],
    ['مسلحون مجهولون', 'unidentified-armed-group'],
    ['ISIS cells', 'islamic-state'],
    ['خلايا داعش', 'islamic-state'],
    ['تنظيم الدولة الإسلامية', 'islamic-state'],
  ])('%j -> %s', (query, id) => {
    expect(ids(registry.lookup(query))).toEqual([id]);
  });

  it.each([['Washington'], ['Moscow'], ['Tehran'], ['Ankara'], ['Syria'], ['forces'], ['the']])(
    '%j names no actor (capitals, Syria itself and bare common words are too loose)',
    (query) => {
      expect(registry.lookup(query)).toEqual([]);
    },
  );

  it('finds Israel, not the Islamic State, and offers no suggestion in its place', () => {
    expect(ids(registry.lookup('israel'))).toEqual(['israeli-forces']);
    expect(ids(registry.lookup('Islamic State'))).toEqual(['islamic-state']);
  });
});

describe('ACLED names as written in ACLED data', () => {
  it.each([
    ['Military Forces of Russia (2000-)', 'russian-forces'],
    ['Military Forces of Syria (2000-2024)', 'syrian-army'],
    ['Military Forces of Syria (2024-)', 'syrian-transitional-forces'],
    ['Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps', 'irgc'],
    ['Iranian Revolutionary Guard Corps', 'irgc'],
    ['Global Coalition Against Daesh', 'coalition'],
    ['QSD: Syrian Democratic Forces', 'sdf'],
    ['Militia (Pro-Iran)', 'pro-iran-militia'],
    ['Militia (Pro-Government)', 'pro-government-militia'],
    ['Islamic State (Syria)', 'islamic-state'],
    ['HTS: Hayat Tahrir al-Sham', 'hts'],
    ['Military Forces of Turkey (2016-)', 'turkish-forces'],
    ['Military Forces of Israel (1948-)', 'israeli-forces'],
    ['Military Forces of the United States (2021-)', 'us-forces'],
    ['Military Forces of the United States (2017-2021)', 'us-forces'],
    ['Police Forces of Syria (2000-2024)', 'syrian-police'],
    ['Police Forces of Syria (2024-) General Security', 'general-security'],
    ['Unidentified Armed Group (Syria)', 'unidentified-armed-group'],
    ['Protesters (Syria)', 'protesters'],
    ['Civilians (Syria)', 'civilians'],
    ['Rioters (Syria)', 'rioters'],
    ['NDF: National Defense Forces', 'ndf'],
  ])('%j -> %s', (name, id) => {
    expect(ids(registry.lookup(name))).toEqual([id]);
  });

  it('keeps the undated name for the actor that owns it', () => {
    // Both Syrian police entries claim "Police Forces of Syria" once the years are gone: neither gets it.
    expect(registry.lookup('Police Forces of Syria')).toEqual([]);
    expect(ids(registry.lookup('Military Forces of Syria'))).toEqual(['syrian-army']);
  });
});

describe('country names and demonyms in prose', () => {
  it.each([
    ['Russian warplanes struck the hills.', ['russian-air-force']],
    ['The Russian Foreign Ministry denied the claim.', ['russian-forces']],
    ['Russia and Turkey signed a new protocol.', ['russian-forces', 'turkish-forces']],
    ['Turkey’s drones hit a power station.', ['turkish-forces']],
    ['An Israeli drone struck a car; Israel did not comment.', ['israeli-forces', 'israeli-forces']],
    ['The United States moved troops from the base.', ['us-forces']],
    ['U.S. aircraft flew over the field.', ['us-forces']],
    ['Jordanian aircraft struck two houses.', ['jordanian-forces']],
    ['The Iraqi army closed the crossing.', ['iraqi-forces']],
    ['Iranian advisers left the airport.', ['iran-forces']],
    ['قصفت الطائرات الروسية مواقع في البادية', ['russian-air-force']],
    ['قالت الخارجية الروسية إن الاجتماع تأجل', ['russian-forces']],
    ['اتفقت روسيا وتركيا على هدنة', ['russian-forces', 'turkish-forces']],
    ['طائرات مسيرة تركية استهدفت سيارة', ['turkish-forces']],
    ['غارات إسرائيلية على مستودع', ['israeli-forces']],
    ['نفذت القوات الأمريكية إنزالاً جوياً', ['us-forces']],
    ['أعلن الجيش الأردني إحباط عملية تهريب', ['jordanian-forces']],
  ])('%j -> %j', (text, expected) => {
    expect(mentioned(text)).toEqual(expected);
  });

  it.each([
    // Places, nationalities, origins and patrons are not the state acting.
    ['Hundreds fled to Turkey after the shelling.'],
    ['Families returned from Lebanon last week.'],
    ['Trucks crossed into northern Iraq.'],
    ['Smugglers were seen near the Syrian-Iraqi border.'],
    ['They reached the Turkish border at dawn.'],
    ['A Russian-made helicopter crashed.'],
    ['The body of an Iraqi woman was found.'],
    ['Two Iraqi nationals were arrested.'],
    ['Prices are quoted in Turkish lira.'],
    ['The Iranian Red Crescent sent a convoy.'],
    ['see https://example.org/iran-russian-turkish-talks'],
    ['فر المئات إلى تركيا'],
    ['عبرت شاحنات الحدود السورية العراقية'],
    ['عند المثلث الحدودي السوري – الأردني – العراقي'],
    ['قتل عنصر من الجنسية العراقية'],
    ['تراجعت الليرة التركية'],
    ['هاجم حزب العمال الكردستاني شمالي العراق'],
    ['وصلت شحنة من إيران'],
  ])('%j names no state', (text) => {
    const states = ['russian-forces', 'turkish-forces', 'iran-forces', 'iraqi-forces', 'lebanese-army'];
    expect(mentioned(text).filter((id) => states.includes(id))).toEqual([]);
  });

  it.each([
    ['Turkish-backed Sultan Murad fighters looted houses.', ['turkish-forces', 'sultan-murad-division']],
    ['Iran-backed Fatemiyoun fighters withdrew.', ['iran-forces', 'fatemiyoun']],
    ['Fighters backed by Iran moved in.', ['iran-forces']],
  ])('a patron named as a backer is named: %j', (text, expected) => {
    expect(mentioned(text)).toEqual(expected);
  });

  it.each([
    ['Pro-Iranian gunmen set up a checkpoint.', ['pro-iran-militia', 'iran-forces']],
    ['انسحبت الميليشيات الموالية لإيران', ['pro-iran-militia', 'iran-forces']],
    ['Turkish-backed factions shelled the villages.', ['sna', 'turkish-forces']],
  ])('a group whose name says its patron names the patron too: %j', (text, expected) => {
    expect(mentioned(text)).toEqual(expected);
  });
});

describe('generic groups and their patrons', () => {
  it.each([
    ['Iranian-backed militias shelled the village.', 'pro-iran-militia'],
    ['Pro-Iran militias moved to the desert.', 'pro-iran-militia'],
    ['Iran-affiliated militias reinforced the bridge.', 'pro-iran-militia'],
    ['The militias loyal to Iran left the base.', 'pro-iran-militia'],
    ['IRGC-affiliated militias were struck.', 'pro-iran-militia'],
    ['انتشرت الميليشيات الإيرانية في الميادين', 'pro-iran-militia'],
    ['الميليشيات المدعومة إيرانياً تنسحب', 'pro-iran-militia'],
    ['Turkish-backed factions shelled the villages.', 'sna'],
    ['اشتباكات مع الفصائل الموالية لتركيا', 'sna'],
    ['Tribal fighters attacked a checkpoint.', 'arab-tribal-forces'],
    ['Tribal militias blocked the road.', 'arab-tribal-forces'],
    ['IS cells ambushed a bus.', 'islamic-state'],
    ['ISIS cells ambushed a bus.', 'islamic-state'],
    ['هاجمت خلايا داعش نقطة عسكرية', 'islamic-state'],
    ['Pro-government militias raided the town.', 'pro-government-militia'],
    ['Remnants of the former regime attacked a checkpoint.', 'assad-remnants'],
    ['هاجمت فلول النظام البائد حاجزاً', 'assad-remnants'],
    ['Unidentified gunmen shot a man.', 'unidentified-armed-group'],
    ['قتل مسلحون مجهولون شاباً', 'unidentified-armed-group'],
  ])('%j -> %s', (text, id) => {
    expect(mentioned(text)).toContain(id);
  });

  it.each([
    ['pro-iran-militia', ['irgc']],
    ['hezbollah', ['irgc']],
    ['fatemiyoun', ['irgc-quds-force']],
    ['kataib-hezbollah', ['irgc-quds-force']],
    ['sna', ['turkish-forces']],
    ['sdf', ['us-forces']],
    ['maghawir-al-thawra', ['us-forces']],
  ])('%s is backed by %j', (id, backers) => {
    expect(registry.get(id)?.backedBy).toEqual(backers);
  });

  it('lists the groups an actor or its sub-units back, apart from its own units', () => {
    const clients = ids(backedGroups(registry, 'irgc'));
    for (const id of ['pro-iran-militia', 'hezbollah', 'fatemiyoun', 'kataib-hezbollah', 'nujaba', 'ndf'])
      expect(clients).toContain(id);
    expect(clients).not.toContain('irgc-quds-force');
    expect(ids(backedGroups(registry, 'turkish-forces'))).toEqual(['sna']);
    expect(ids(backedGroups(registry, 'iran-forces'))).toEqual(ids(backedGroups(registry, 'irgc')));
  });

  it('names patrons and clients among the related actors', () => {
    expect(ids(registry.related('sna'))).toContain('turkish-forces');
    expect(ids(registry.related('turkish-forces'))).toContain('sna');
  });
});

describe('look-alike names stay apart', () => {
  it.each([
    ['This is what the report says.', []],
    ['Israel is not IS.', ['israeli-forces', 'islamic-state']],
    [
      'Hezbollah fighters met Kataib Hezbollah and Harakat al-Nujaba envoys.',
      ['hezbollah', 'kataib-hezbollah', 'nujaba'],
    ],
    ['حزب الله وكتائب حزب الله وحركة النجباء', ['hezbollah', 'kataib-hezbollah', 'nujaba']],
    ['ميليشيا "حزب الله" العراقي', ['kataib-hezbollah']],
    ['The Quds Force and Liwa al-Quds', ['irgc-quds-force', 'liwa-al-quds']],
    ['The Libyan National Army recruited Syrians.', []],
    [
      'The General Security and the Lebanese General Security met.',
      ['general-security', 'lebanese-general-security'],
    ],
    ['The Internal Security Forces deployed.', []],
  ])('%j -> %j', (text, expected) => {
    expect(mentioned(text)).toEqual(expected);
  });
});

describe('Arabic names with proclitics', () => {
  it.each([
    ['ولقسد', ['sdf']],
    ['بين قسد والجيش الوطني', ['sdf', 'sna']],
    ['وللميليشيات الإيرانية', ['pro-iran-militia', 'iran-forces']],
    ['والفرقة الرابعة', ['4th-division']],
    ['والدفاع الوطني', ['ndf']],
    ['وهيئة تحرير الشام', ['hts']],
    ['وللأمن العام', ['general-security']],
    ['ولواء القدس', ['liwa-al-quds']],
    ['وفاطميون', ['fatemiyoun']],
    ['والتحالف الدولي', ['coalition']],
    ['وروسيا', ['russian-forces']],
    ['بتركيا', []],
  ])('%s -> %j', (text, expected) => {
    expect(mentioned(text)).toEqual(expected);
  });
});

describe('the data file', () => {
  const valid = { ambiguous: [], notActors: [], context: { before: [], after: [], placeBefore: [] } };
  const entry = {
    id: 'one',
    name: 'One',
    kind: 'militia',
    aliases: [],
    related: [],
    description: 'A group.',
  };

  it('holds at least 150 actors with descriptions', () => {
    expect(ACTORS.length).toBeGreaterThanOrEqual(150);
  });

  it.each([
    ['an unknown kind', { ...entry, kind: 'gang' }, /actor "one": field "kind"/],
    ['a bad id', { ...entry, id: 'Not A Slug' }, /actor "Not A Slug": field "id"/],
    ['a missing description', { ...entry, description: undefined }, /actor "one": field "description"/],
    ['an unknown field', { ...entry, nickname: 'x' }, /actor "one": .*nickname/],
    [
      'a bad succession date',
      { ...entry, succession: { from: 'soon', to: 'two', aliases: ['x'] } },
      /field "succession.from"/,
    ],
  ])('names the file, the entry and the field for %s', (_label, bad, message) => {
    expect(() => parseActorData({ ...valid, actors: [bad] }, 'actors.json')).toThrow(message);
    expect(() => parseActorData({ ...valid, actors: [bad] }, 'actors.json')).toThrow(/^actors\.json: /);
  });

  it('names an entry without an id by its position', () => {
    expect(() => parseActorData({ ...valid, actors: [entry, { name: 'x' }] }, 'f.json')).toThrow(/actor #2/);
  });

  it('loads another file, and a desk’s extra aliases', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'actors-'));
    const file = path.join(dir, 'actors.json');
    writeFileSync(
      file,
      JSON.stringify({ ...valid, actors: [{ ...entry, aliases: ['Lions of the Valley'] }] }),
    );
    const small = loadActors({ file });
    expect(ids(small.lookup('lions of the valley'))).toEqual(['one']);
    const desk = loadActors({ extraAliases: [{ actorId: 'hezbollah', aliases: ['the Party'] }] });
    expect(ids(desk.lookup('the party'))).toEqual(['hezbollah']);
    expect(desk.findMentions('Fighters of the Party withdrew.').map((m) => m.actorId)).toEqual(['hezbollah']);
    expect(registry.lookup('the party')).toEqual([]);
  });

  it('refuses extra aliases for an unknown actor or a name already taken', () => {
    expect(() => loadActors({ extraAliases: [{ actorId: 'ghost', aliases: ['x'] }] })).toThrow(/"ghost"/);
    expect(() => loadActors({ extraAliases: [{ actorId: 'hezbollah', aliases: ['IRGC'] }] })).toThrow(
      /"IRGC" for "hezbollah" already names "irgc"/,
    );
    expect(() => parseExtraAliases([{ actorId: 'one' }], 'aliases.json')).toThrow(
      /aliases\.json: field "0\.aliases"/,
    );
  });

  it('points at the bundled file', () => {
    expect(ACTORS_FILE.endsWith(path.join('index-data', 'actors.json'))).toBe(true);
  });
});
