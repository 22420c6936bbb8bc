/** Reporters' geography, Arabic forms, strict governorate context and faction names: one line per case. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAZETTEER_FILE, loadGazetteer } from '../../src/extract/gazetteer.js';
import { loadPlacesSeed } from '../../src/extract/gazetteer-seed.js';

const g = loadGazetteer();
const mentions = (text: string, govs?: string[]) =>
  g.findMentions(text, govs ? { governorateIds: govs } : undefined).map((m) => [m.placeId, m.precision]);

describe('reporters geography in English', () => {
  it.each([
    ['Mortars fell on the Raqqa countryside overnight.', [['gov-raqqa', 2]]],
    ['Farmers in rural Hama lost their harvest.', [['gov-hama', 2]]],
    ['Patrols crossed eastern Deir Ezzor countryside.', [['gov-deir-ez-zor', 2]]],
    ['A cell struck in the eastern countryside of Deir ez-Zor.', [['gov-deir-ez-zor', 2]]],
    ['Raids hit the countryside of Idlib.', [['gov-idlib', 2]]],
    ['Herders fled the Homs desert.', [['gov-homs', 3]]],
    ['Herders fled the Homs badia.', [['gov-homs', 3]]],
    ['Cells hide in the desert of Deir ez-Zor.', [['gov-deir-ez-zor', 3]]],
    ['A drone hit a truck in the Al-Mayadin desert.', [['al-mayadin', 2]]],
    ['Shelling hit the outskirts of Hajin.', [['hajin', 2]]],
    ['Clashes erupted in Raqqa city.', [['raqqa', 1]]],
    ['Curfew imposed across Raqqa province.', [['gov-raqqa', 3]]],
    ['Curfew imposed across Daraa governorate.', [['gov-daraa', 3]]],
    ['Checkpoints went up in rural Damascus.', [['gov-rif-dimashq', 3]]],
    ['Checkpoints went up in the Damascus countryside.', [['gov-rif-dimashq', 3]]],
    ['Convoys moved west of the Euphrates.', [['region-west-euphrates', 3]]],
    ['Aid was blocked in the 55 km zone.', [['region-55-km-zone', 3]]],
    ['Families waited at Rukban camp.', [['site-rukban-camp', 1]]],
    ['Traffic stopped on the M4 highway.', [['region-m4-highway', 3]]],
    ['A blast shook Jobar.', [['jobar', 1]]],
    ['Snipers fired into Sheikh Maqsoud.', [['hayy-ash-shaykh-maqsud', 1]]],
    ['Guards shot at a car near Al-Shuhail.', [['al-shuhayl', 2]]],
    [
      'Fighters returned to Thiyyabiyah and Al-Tayyana.',
      [
        ['al-thiyabiyah', 1],
        ['al-tayyanah', 1],
      ],
    ],
    ['Trucks reached Ayyash depots.', [['ayyash', 1]]],
  ])('%s', (text, expected) => {
    expect(mentions(text)).toEqual(expected);
  });
});

describe('reporters geography in Arabic', () => {
  it.each([
    ['قصف على ريف دير الزور الشرقي', [['gov-deir-ez-zor', 2]]],
    ['غارة بريف حلب الشمالي', [['gov-aleppo', 2]]],
    ['انفجار لغم وبريف إدلب الجنوبي', [['gov-idlib', 2]]],
    ['اشتباكات بالريف الشرقي لدير الزور', [['gov-deir-ez-zor', 2]]],
    ['خلايا في بادية حمص', [['gov-homs', 3]]],
    ['خلايا في بادية الشحيل', [['al-shuhayl', 2]]],
    ['دوريات في مدينة الرقة', [['raqqa', 1]]],
    ['حظر تجول في محافظة درعا', [['gov-daraa', 3]]],
    ['حظر تجول بمحافظة درعا', [['gov-daraa', 3]]],
    ['قصف على بلدة داعل', [['dail', 1]]],
    ['مداهمة في قرية ذيبان', [['dhiban', 1]]],
    ['اشتباكات في حي جوبر', [['jobar', 1]]],
    ['اشتباكات في حي الشيخ مقصود', [['hayy-ash-shaykh-maqsud', 1]]],
    ['وصول عائلات إلى مخيم الركبان', [['site-rukban-camp', 1]]],
    ['حريق في مخيم الهول', [['site-al-hol-camp', 1]]],
    ['تعزيزات إلى ديرالزور', [['deir-ez-zor', 1]]],
    ['قصف بريف ديرالزور', [['gov-deir-ez-zor', 2]]],
    [
      'قصف على الشحيل وذيبان',
      [
        ['al-shuhayl', 1],
        ['dhiban', 1],
      ],
    ],
    [
      'رصاص في هجين والسوسة والباغوز',
      [
        ['hajin', 1],
        ['as-susah', 1],
        ['al-baghuz', 1],
      ],
    ],
    ['دورية قرب التنف', [['site-al-tanf-base', 2]]],
    ['طائرة مسيرة فوق مطار الحمدان', [['site-hamdan-airport', 1]]],
    ['اعتقالات في ريف دمشق', [['gov-rif-dimashq', 3]]],
    ['اعتقالات بريف دمشق', [['gov-rif-dimashq', 3]]],
  ])('%s', (text, expected) => {
    expect(mentions(text)).toEqual(expected);
  });
});

describe('Arabic proclitics on names and on the words before them', () => {
  it.each([
    ['وهجين', 'hajin'],
    ['بالشحيل', 'al-shuhayl'],
    ['للبوكمال', 'al-bukamal'],
    ['فدرعا', 'daraa'],
    ['وبريف حماة', 'gov-hama'],
    ['لمدينة حلب', 'aleppo'],
    ['وبمحافظة حمص', 'gov-homs'],
    ['كريف إدلب', 'gov-idlib'],
  ])('%s -> %s', (text, id) => {
    expect(g.findMentions(text).map((m) => m.placeId)).toEqual([id]);
  });
});

describe('a village the gazetteer lacks never becomes a namesake in another governorate', () => {
  it.each([
    ['Shelling hit Al-Hurriya in the Quneitra countryside.', ['gov-quneitra']],
    ['Shelling hit Al-Hurriya, in Quneitra province.', ['gov-quneitra']],
    ['قصف على قرية الحرية بريف القنيطرة', ['gov-quneitra']],
  ])('%s', (text, ids) => {
    expect(g.findMentions(text).map((m) => m.placeId)).toEqual(ids);
  });

  it('drops the namesake when the report context names another governorate', () => {
    expect(mentions('Shelling hit Al-Hurriya.', ['gov-quneitra'])).toEqual([]);
  });

  it('keeps the namesake in the governorate named in the sentence', () => {
    expect(g.findMentions('Shelling hit Al-Hurriya in the Deir ez-Zor countryside.')[0]?.placeId).toBe(
      'al-hurriyah',
    );
  });

  it('keeps a prominent town named beside another governorate', () => {
    expect(g.findMentions('Fighters moved from Al-Bukamal toward the Homs desert.')[0]?.placeId).toBe(
      'al-bukamal',
    );
  });

  it('picks the namesake in the governorate the report context names', () => {
    const inHoms = g.lookup('Al-Mushayrifah').find((p) => p.governorateId === 'gov-homs')!;
    expect(g.findMentions('Shelling hit Al-Mushayrifah.', { governorateIds: ['gov-homs'] })[0]?.placeId).toBe(
      inHoms.id,
    );
  });
});

describe('faction names and common nouns are not places', () => {
  it.each([
    'Shuhada al-Yarmouk fighters withdrew.',
    'Ahrar al-Sharqiya took the checkpoint.',
    'Jaish al-Islam shelled the road.',
    'Liwa al-Quds sent reinforcements.',
    'The Fatemiyoun brigade moved east.',
    'The Sharqiya front was quiet.',
    'عناصر من لواء القدس',
    'مقاتلو جيش الإسلام',
    'فصيل أحرار الشرقية',
    'من أجل الحرية والكرامة والسلام',
    'الثورة السورية مستمرة',
  ])('%s', (text) => {
    expect(g.findMentions(text)).toEqual([]);
  });
});

describe('neighbourhoods', () => {
  it('a city neighbourhood wins over a namesake village elsewhere without context', () => {
    const all = g.lookup('Al-Midan');
    expect(all.some((p) => p.id === 'al-maydan-damascus')).toBe(true);
    expect(g.findMentions('Mortars hit Al-Midan.')[0]?.placeId).not.toBe('al-maydan');
  });
});

describe('loadGazetteer options and schema', () => {
  it('adds desk aliases to a known place', () => {
    const withDesk = loadGazetteer(DEFAULT_GAZETTEER_FILE, {
      extraAliases: [{ placeId: 'al-bukamal', aliases: ['Bou Kamal town', 'بوكمال البلد'] }],
    });
    expect(withDesk.lookup('Bou Kamal town')[0]?.id).toBe('al-bukamal');
    expect(withDesk.findMentions('وصل إلى بوكمال البلد')[0]?.placeId).toBe('al-bukamal');
  });

  it('names the unknown place of a desk alias', () => {
    expect(() =>
      loadGazetteer(undefined, { extraAliases: [{ placeId: 'atlantis', aliases: ['X'] }] }),
    ).toThrow(/no place has id "atlantis"/);
  });

  it('names the file, the entry and the field of a bad seed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seed-'));
    const file = path.join(dir, 'places-seed.json');
    const seed = loadPlacesSeed();
    const broken = { ...seed, towns: [{ ...seed.towns[0]!, lat: 'north' }, ...seed.towns.slice(1)] };
    writeFileSync(file, JSON.stringify(broken));
    expect(() => loadPlacesSeed(file)).toThrow(/places-seed\.json: towns\[0\] \(damascus\)\.lat: /);
  });
});

describe('Arabic edge cases', () => {
  it.each([
    ['في البادية', [['region-syrian-desert', 3]]],
    [
      'منطقتي رأس العين وتل أبيض',
      [
        ['ras-al-ayn', 1],
        ['tell-abyad', 1],
      ],
    ],
    ['تفتيش بالحي الشمالي', []],
    ['إطلاق النار عليه', []],
    [
      'غارات على باديتي حمص ودير الزور',
      [
        ['gov-homs', 3],
        ['deir-ez-zor', 1],
      ],
    ],
    [
      'قصف بريف إدلب الجنوبي والنيرب',
      [
        ['gov-idlib', 2],
        ['an-nayrab-idlib', 1],
      ],
    ],
  ])('%s', (text, expected) => {
    expect(mentions(text)).toEqual(expected);
  });
});

describe('frames are local', () => {
  it.each([
    ['Evacuees from Foua waited before leaving for the coastal province of Latakia.', 'al-fuah'],
    ['Fighting hit Tal Antar in Deraa and villages nearby.', 'tall-antar'],
    ['Jets struck Shadadi in northeastern Hasakeh overnight.', 'al-shaddadi'],
    ['Shelling hit Douma in the Eastern Ghouta region.', 'douma'],
    ['Rockets hit the al-Sabil neighbourhood in Daraa city.', 'hayy-as-sabil'],
    ['Rockets hit the al-Sabil neighbourhood in Aleppo.', 'hayy-as-sabil-aleppo'],
  ])('%s', (text, id) => {
    expect(g.findMentions(text)[0]?.placeId).toBe(id);
  });

  it.each([
    ['Rockets hit the Maisaloun neighbourhood in Aleppo city.', 'maysalun'],
    ['Rockets hit Harfa village in the Quneitra countryside.', 'harfa'],
  ])('drops a minor namesake framed by another governorate: %s', (text, id) => {
    const ids = g.findMentions(text).map((m) => m.placeId);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(id);
  });
});

describe('exact spellings of names that fold like stop words', () => {
  it.each([
    ['Aid finally reached Madaya.', ['madaya']],
    ['The Media said nothing.', []],
    ['Time is running out.', []],
  ])('%s', (text, ids) => {
    expect(g.findMentions(text).map((m) => m.placeId)).toEqual(ids);
  });
});
