/**
 * What `npm run eval` asks, and how it decides what the right answer is.
 *
 * Each entry is a place or actor as a desk would ask for it: the spellings users type (Latin and Arabic), and a
 * gold pattern written by the team that says whether a report's text names it. The gold is independent of the
 * bot's gazetteer and actor registry: it is what a careful reader would accept as "this report names X".
 * A governorate's gold also counts reports naming any evaluated place inside it (`gov`), and an actor's gold
 * counts its units (`units`). Arabic has no word boundaries for `\b`, so Arabic alternatives allow the
 * one-letter proclitics (و ف ب ل ك) before the name and nothing but a non-letter after it.
 */

/** A place or actor the evaluation asks about. */
export interface EvalQuery {
  kind: 'place' | 'actor';
  /** Display name in the results table. */
  name: string;
  /** What users type, one command each (`/events <typed>` or `/actor <typed>`). */
  typed: string[];
  /** Patterns whose match means the text names it (any of them). */
  gold: RegExp[];
  /** For places inside a governorate: the governorate's `name` in this list. */
  gov?: string;
  /** For actors: names of other entries in this list that are its units. */
  units?: string[];
}

const AR_BEFORE = '(?:^|[^\\u0621-\\u064A])(?:[وفبلك]|وب|ول|لل)?';
const AR_AFTER = '(?![\\u0621-\\u064A])';

/** An Arabic name as a pattern: optional proclitic before, no letter after. */
function ar(...names: string[]): RegExp {
  return new RegExp(`${AR_BEFORE}(?:${names.join('|')})${AR_AFTER}`, 'u');
}
/** Latin alternatives, case-insensitive, on word boundaries. */
function en(...patterns: string[]): RegExp {
  return new RegExp(`\\b(?:${patterns.join('|')})\\b`, 'i');
}
/** Latin alternatives that must be written as given (acronyms). */
function acronym(...patterns: string[]): RegExp {
  return new RegExp(`\\b(?:${patterns.join('|')})\\b`);
}

/** Every query of the evaluation. */
export const EVAL_QUERIES: readonly EvalQuery[] = [
  // --- governorates ---
  {
    kind: 'place',
    name: 'Damascus',
    typed: ['damascus', 'دمشق'],
    // The capital, not its countryside (Rif Dimashq is its own governorate).
    gold: [
      /(?<!rural |countryside of |suburbs of )\bdamascus\b(?! (?:countryside|suburbs|province countryside))/i,
      new RegExp(`(?<!ريف |بريف |وريف )${AR_BEFORE}دمشق${AR_AFTER}`, 'u'),
    ],
  },
  {
    kind: 'place',
    name: 'Rif Dimashq',
    typed: ['rif dimashq', 'rural damascus', 'damascus countryside', 'ريف دمشق'],
    gold: [
      en('rif dimashq', 'reef dimashq', 'rural damascus', 'damascus (?:countryside|suburbs)', 'countryside of damascus'),
      ar('ريف دمشق'),
    ],
  },
  { kind: 'place', name: 'Aleppo', typed: ['aleppo', 'halab', 'حلب'], gold: [en('aleppo'), ar('حلب')] },
  {
    kind: 'place',
    name: 'Idlib',
    typed: ['idlib', 'idleb', 'إدلب'],
    gold: [en('idl[ie]b', 'edlib'), ar('إدلب', 'ادلب')],
  },
  { kind: 'place', name: 'Hama', typed: ['hama', 'حماة'], gold: [en('hamah?'), ar('حماة', 'حماه')] },
  { kind: 'place', name: 'Homs', typed: ['homs', 'حمص'], gold: [en('homs', 'hims'), ar('حمص')] },
  {
    kind: 'place',
    name: 'Latakia',
    typed: ['latakia', 'lattakia', 'اللاذقية'],
    gold: [en('latt?akiy?a', 'latakiyah', 'lattaquie', 'al-ladhiqiyah'), ar('اللاذقية')],
  },
  {
    kind: 'place',
    name: 'Tartus',
    typed: ['tartus', 'tartous', 'طرطوس'],
    gold: [en('tart[ou]u?s', 'tartouss'), ar('طرطوس')],
  },
  {
    kind: 'place',
    name: 'Daraa',
    typed: ['daraa', 'deraa', 'dara', 'درعا'],
    gold: [en("dar['’]?aa?", 'deraa', "der['’]aa"), ar('درعا')],
  },
  {
    kind: 'place',
    name: 'As-Suwayda',
    typed: ['suwayda', 'sweida', 'as-sweida', 'السويداء'],
    gold: [
      en("(?:al|as)?[- ]?s(?:u|ou)?w[ae]y?[iy]?d[aā]a?['’]?h?", 'soueida', 'suwaida', 'sweida', 'swaida'),
      ar('السويداء'),
    ],
  },
  {
    kind: 'place',
    name: 'Quneitra',
    typed: ['quneitra', 'القنيطرة'],
    gold: [en('qun[ae]y?i?tra', 'kuneitra', 'qunaytirah'), ar('القنيطرة')],
  },
  {
    kind: 'place',
    name: 'Deir ez-Zor',
    typed: ['deir ezzor', 'deir ez-zor', 'deir al-zour', 'دير الزور'],
    gold: [
      en('deir[- ]?(?:ez|al|el|e|ed)?[- ]?z[ou]+r', 'dayr az[- ]?zawr', 'deir ezzor', 'deirezzor'),
      ar('دير الزور', 'ديرالزور'),
    ],
  },
  {
    kind: 'place',
    name: 'Raqqa',
    typed: ['raqqa', 'al-raqqah', 'الرقة'],
    gold: [en('(?:al[- ])?raqq?a[h]?', 'rakka'), ar('الرقة')],
  },
  {
    kind: 'place',
    name: 'Al-Hasakah',
    typed: ['hasakah', 'hasakeh', 'الحسكة'],
    gold: [en('(?:al[- ])?hass?a[kc]a?[eh]?h?', 'hasaka', 'hassakeh', 'hasakeh'), ar('الحسكة')],
  },
  // --- towns, sites and regions ---
  {
    kind: 'place',
    name: 'Al-Bukamal',
    typed: ['bukamal', 'abu kamal', 'al-bokamal', 'albu kamal', 'البوكمال'],
    gold: [en('(?:al[- ]?)?b[ou]u? ?kamal', 'abu ?kamal', 'albu ?kamal', 'boukamal'), ar('البوكمال', 'البو كمال')],
    gov: 'Deir ez-Zor',
  },
  {
    kind: 'place',
    name: 'Al-Mayadin',
    typed: ['mayadin', 'al mayadeen', 'الميادين'],
    gold: [en('(?:al[- ]?)?may[ae]d(?:ee|i|e)n'), ar('الميادين')],
    gov: 'Deir ez-Zor',
  },
  { kind: 'place', name: 'Hajin', typed: ['hajin', 'هجين'], gold: [en('hajin'), ar('هجين')], gov: 'Deir ez-Zor' },
  {
    kind: 'place',
    name: 'Al-Shuhail',
    typed: ['shuhail', 'al-shuhayl', 'الشحيل'],
    gold: [en("(?:al[- ]?)?shu['h]?a[iy]l"), ar('الشحيل')],
    gov: 'Deir ez-Zor',
  },
  {
    kind: 'place',
    name: 'Dhiban',
    typed: ['dhiban', 'thiban', 'ذيبان'],
    gold: [en('(?:dh|th)iban'), ar('ذيبان')],
    gov: 'Deir ez-Zor',
  },
  {
    kind: 'place',
    name: 'Palmyra',
    typed: ['palmyra', 'tadmur', 'تدمر'],
    gold: [en('palmyra', 'tadm[ou]r'), ar('تدمر')],
    gov: 'Homs',
  },
  {
    kind: 'place',
    name: 'Al-Qusayr',
    typed: ['qusayr', 'al-qusair', 'القصير'],
    gold: [en('(?:al[- ]?)?qus[ae]y?i?r'), /(?:مدينة|منطقة|ريف|بلدة) القصير/u],
    gov: 'Homs',
  },
  { kind: 'place', name: 'Manbij', typed: ['manbij', 'منبج'], gold: [en('manbij', 'menbij'), ar('منبج')], gov: 'Aleppo' },
  { kind: 'place', name: 'Afrin', typed: ['afrin', 'عفرين'], gold: [en('afr[ie]e?n'), ar('عفرين')], gov: 'Aleppo' },
  {
    kind: 'place',
    name: 'Al-Bab',
    typed: ['al-bab', 'al bab'],
    gold: [/\bal[- ]bab\b(?! al[- ])/i, /(?:مدينة|منطقة|ريف|بريف) الباب(?![\u0621-\u064A])/u],
    gov: 'Aleppo',
  },
  {
    kind: 'place',
    name: 'Ain al-Arab (Kobani)',
    typed: ['kobani', 'ain al-arab', 'عين العرب'],
    gold: [en('kobane?i?', 'ain al[- ]arab', 'ayn al[- ]arab'), ar('عين العرب', 'كوباني')],
    gov: 'Aleppo',
  },
  {
    kind: 'place',
    name: 'Khan Shaykhun',
    typed: ['khan sheikhoun', 'khan shaykhun', 'خان شيخون'],
    gold: [en('khan ?sh[ae]i?y?kh?o?u?n'), ar('خان شيخون')],
    gov: 'Idlib',
  },
  {
    kind: 'place',
    name: "Ma'arrat al-Nu'man",
    typed: ['maarat al-numan', "ma'arrat an nu'man", 'معرة النعمان'],
    gold: [en("ma['’]?a?rr?at? ?(?:al|an)[- ]?nu['’]?m[aā]n"), ar('معرة النعمان')],
    gov: 'Idlib',
  },
  { kind: 'place', name: 'Saraqib', typed: ['saraqib', 'saraqeb', 'سراقب'], gold: [en('saraq[ie]b'), ar('سراقب')], gov: 'Idlib' },
  {
    kind: 'place',
    name: 'Jisr al-Shughur',
    typed: ['jisr al-shughur', 'jisr ash-shugur', 'جسر الشغور'],
    gold: [en('jisr ?(?:al|a[sš]h?|esh)[- ]?sh?ugh?[ou]u?r'), ar('جسر الشغور')],
    gov: 'Idlib',
  },
  {
    kind: 'place',
    name: 'Douma',
    typed: ['douma', 'دوما'],
    gold: [/\bdouma\b|(?<!state )\bduma\b/i, ar('دوما')],
    gov: 'Rif Dimashq',
  },
  {
    kind: 'place',
    name: 'Eastern Ghouta',
    typed: ['eastern ghouta', 'الغوطة الشرقية'],
    gold: [en('eastern ghouta', 'east(?:ern)? ghota'), ar('الغوطة الشرقية')],
    gov: 'Rif Dimashq',
  },
  {
    kind: 'place',
    name: 'Al-Qamishli',
    typed: ['qamishli', 'القامشلي'],
    gold: [en('(?:al[- ]?)?q[aā]m[ie]shl[iy]e?', 'kamishli'), ar('القامشلي')],
    gov: 'Al-Hasakah',
  },
  {
    kind: 'place',
    name: "Ras al-'Ayn",
    typed: ['ras al-ain', 'serekaniye', 'رأس العين'],
    gold: [en("ras ?al[- ]?['‘]?a[iy]n", 'sere ?kaniy[eé]'), ar('رأس العين', 'راس العين')],
    gov: 'Al-Hasakah',
  },
  {
    kind: 'place',
    name: 'Tal Abyad',
    typed: ['tal abyad', 'tell abiad', 'تل أبيض'],
    gold: [en('tell? ?a?biy?a[dt]h?'), ar('تل أبيض', 'تل ابيض')],
    gov: 'Raqqa',
  },
  {
    kind: 'place',
    name: 'Al-Tabqa',
    typed: ['tabqa', 'al-thawrah'],
    gold: [en('(?:al[- ]?)?tabq[ae]h?'), /(?:مدينة|منطقة|سد|مطار|ريف) الطبقة/u],
    gov: 'Raqqa',
  },
  {
    kind: 'place',
    name: 'Al-Tanf',
    typed: ['tanf', 'al-tanef', 'التنف'],
    gold: [en('(?:al|at)[- ]?tane?f'), ar('التنف')],
    gov: 'Homs',
  },
  {
    kind: 'place',
    name: 'Busra al-Sham',
    typed: ['busra al-sham', 'bosra', 'بصرى الشام'],
    gold: [en('b[ou]sr[aā] ?(?:al|ash|esh)?[- ]?sham', 'bosra'), ar('بصرى الشام', 'بصرى')],
    gov: 'Daraa',
  },
  // --- actors ---
  {
    kind: 'actor',
    name: 'Hezbollah',
    typed: ['hezbollah', 'hizbullah', 'حزب الله'],
    gold: [
      /(?<!kata'?[ie]b |harakat |harakat al-nujaba )\bh[ie]z[bz][ou]?'?llah?\b(?! al[- ]nujaba)/i,
      new RegExp(`(?<!كتائب |حركة )${AR_BEFORE}حزب الله${AR_AFTER}(?! النجباء)`, 'u'),
    ],
  },
  {
    kind: 'actor',
    name: 'IRGC',
    typed: ['irgc', 'revolutionary guards', 'الحرس الثوري'],
    gold: [acronym('IRGC'), en('revolutionary guards?(?: corps)?', 'pasdaran'), ar('الحرس الثوري')],
    units: ['Quds Force'],
  },
  {
    kind: 'actor',
    name: 'Quds Force',
    typed: ['quds force', 'فيلق القدس'],
    gold: [en('quds force', 'al-qods legion', 'qods force', 'quds legion'), ar('فيلق القدس')],
  },
  {
    kind: 'actor',
    name: 'Russia',
    typed: ['russia', 'russian forces', 'روسيا'],
    gold: [en('russian?s?'), ar('روسيا', 'الروسية?', 'الروس')],
  },
  {
    kind: 'actor',
    name: 'Iran',
    typed: ['iran', 'iranian forces', 'إيران'],
    gold: [en('iran(?:ian)?s?'), ar('إيران', 'ايران', 'الإيرانية?', 'الايرانية?', 'إيرانيا?')],
    units: ['IRGC', 'Quds Force'],
  },
  {
    kind: 'actor',
    name: 'Turkey',
    typed: ['turkey', 'turkish forces', 'تركيا'],
    gold: [en('turkey', 'turkish', 'turks', 'türkiye'), ar('تركيا', 'التركية?', 'الأتراك')],
  },
  {
    kind: 'actor',
    name: 'Israel',
    typed: ['israel', 'israeli', 'إسرائيل'],
    gold: [en('israel(?:i|is)?'), ar('إسرائيل', 'اسرائيل', 'الإسرائيلية?', 'الاسرائيلية?')],
  },
  {
    kind: 'actor',
    name: 'United States',
    typed: ['us', 'united states', 'american forces', 'القوات الأمريكية'],
    gold: [
      acronym('U\\.S\\.?', 'US'),
      en('united states', 'americans?'),
      ar('الأمريكية?', 'الأميركية?', 'الامريكية?', 'الاميركية?', 'الولايات المتحدة', 'أمريكا', 'أميركا'),
    ],
  },
  {
    kind: 'actor',
    name: 'Islamic State',
    typed: ['isis', 'islamic state', 'daesh', 'داعش'],
    gold: [acronym('ISIS', 'ISIL', 'IS'), en('islamic state', 'daesh', "da'esh"), ar('داعش', 'تنظيم الدولة')],
  },
  {
    kind: 'actor',
    name: 'SDF',
    typed: ['sdf', 'syrian democratic forces', 'قسد'],
    gold: [acronym('SDF', 'QSD'), en('syrian democratic forces'), ar('قسد', 'قوات سوريا الديمقراطية')],
    units: ['YPG'],
  },
  {
    kind: 'actor',
    name: 'YPG',
    typed: ['ypg', 'people’s protection units', 'وحدات حماية الشعب'],
    gold: [acronym('YPG'), en("people['’]?s protection units"), ar('وحدات حماية الشعب')],
  },
  {
    kind: 'actor',
    name: 'HTS',
    typed: ['hts', 'hayat tahrir al-sham', 'هيئة تحرير الشام'],
    gold: [acronym('HTS'), en("hay['’]?[ae]t tahrir al[- ]?sham", 'tahrir al[- ]sham'), ar('هيئة تحرير الشام')],
  },
  {
    kind: 'actor',
    name: 'International coalition',
    typed: ['international coalition', 'coalition', 'التحالف الدولي'],
    gold: [
      en('(?:international|us-led|u\\.s\\.-led|global|anti-isis|anti-is|western) coalition', 'coalition forces', 'coalition (?:warplanes|aircraft|jets|strikes?|drones?)'),
      ar('التحالف الدولي'),
    ],
  },
  {
    kind: 'actor',
    name: 'Fatemiyoun',
    typed: ['fatemiyoun', 'فاطميون'],
    gold: [en('fatemiy?o?u?n', 'fatimiy?o?u?n', 'fatemiyoun'), ar('فاطميون', 'الفاطميون', 'فاطميين')],
  },
  {
    kind: 'actor',
    name: 'Syrian National Army',
    typed: ['syrian national army', 'sna', 'الجيش الوطني'],
    gold: [acronym('SNA'), en('syrian national army', 'national army'), ar('الجيش الوطني')],
  },
  {
    kind: 'actor',
    name: 'General Security',
    typed: ['general security', 'الأمن العام'],
    gold: [en('general security(?: service| forces| directorate)?', 'public security'), ar('الأمن العام', 'الامن العام')],
  },
];
