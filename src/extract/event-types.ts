import type { EventType } from '../reports/types.js';

/** An ACLED event type with its sub-event types. */
export interface EventTypeInfo {
  eventType: EventType;
  subEventTypes: readonly string[];
}

/** ACLED's event types and sub-event types (see `../shared/EVENT-TAXONOMY.md`), in codebook order. */
export const EVENT_TYPES: readonly EventTypeInfo[] = [
  {
    eventType: 'Battles',
    subEventTypes: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  },
  {
    eventType: 'Explosions/Remote violence',
    subEventTypes: [
      'Chemical weapon',
      'Air/drone strike',
      'Suicide bomb',
      'Shelling/artillery/missile attack',
      'Remote explosive/landmine/IED',
      'Grenade',
    ],
  },
  {
    eventType: 'Violence against civilians',
    subEventTypes: ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  },
  {
    eventType: 'Protests',
    subEventTypes: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  },
  { eventType: 'Riots', subEventTypes: ['Violent demonstration', 'Mob violence'] },
  {
    eventType: 'Strategic developments',
    subEventTypes: [
      'Agreement',
      'Arrests',
      'Change to group/activity',
      'Disrupted weapons use',
      'Headquarters or base established',
      'Looting/property destruction',
      'Non-violent transfer of territory',
      'Other',
    ],
  },
];

/** What {@link classifyEvent} read a sentence as. */
export interface EventClassification {
  eventType: EventType;
  subEventType: string;
  /** 0..1: how specific the wording that decided it was. */
  confidence: number;
}

type Picked = Pick<EventClassification, 'eventType' | 'subEventType'>;

interface Rule {
  /** Fixed outcome, or a function that reads the whole sentence to choose one. */
  pick: Picked | ((sentence: string, at: number) => Picked);
  patterns: RegExp[];
  confidence: number;
  /** Extra words that, just before the match, cancel it (beyond the language's own guard words). */
  guard?: RegExp;
  /** Words anywhere in the sentence that make this rule not apply (background, aftermath). */
  skipIf?: RegExp;
}

function words(...alternatives: string[]): RegExp {
  return new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'gi');
}

/** Case-insensitive except "may", which capitalised is the month. */
function guardRegex(list: string[]): RegExp {
  const parts = list.map((w) => (w === 'may' ? w : `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`));
  return new RegExp(`\\b(?:${parts.join('|')})\\b`);
}

/** Words that make what follows hypothetical, negated or simulated ("in anticipation of any attack"). */
const GUARD = guardRegex([
  'anticipat\\w*',
  'expect\\w*',
  'possible',
  'possibly',
  'potential',
  'any',
  'might',
  'may',
  'could',
  'would',
  'will',
  'shall',
  'threat\\w*',
  'plan(?:s|ned|ning)?',
  'prepar\\w*',
  'fear\\w*',
  'warn\\w*',
  'prevent\\w*',
  'counter',
  'avoid\\w*',
  'deny',
  'denied',
  'denies',
  'no',
  'not',
  'never',
  'without',
  'rumou?r\\w*',
  'mimic\\w*',
  'simulat\\w*',
  'fake',
  'mock',
  'if',
  'unless',
  'intend\\w*',
  'stop',
  'halt',
  'end to',
  'calls? for',
  'called for',
  'lull in',
  'pause in',
  'ready',
]);
const NEGATED_AFTER =
  /^[^,;:]{0,16}?\b(?:did not|didn't|was not|were not|wasn't|weren't|has not|have not|had not|never)\b/i;
const CLAUSE_BREAK = /[,;:()\u2013\u2014\u060c\u061b]/g;
const GUARD_WINDOW = 32;

/**
 * Habitual or general wording ("the province is regularly targeted") reports no one event, unless a day or a
 * time pins one down ("repeated strikes on Tuesday").
 */
const HABITUAL = /\b(?:regularly|routinely|frequently|often|usually|every time|repeatedly|constantly)\b/i;
const PINNED =
  /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|overnight|last night|this (?:morning|week)|at dawn|(?:January|February|March|April|May|June|July|August|September|October|November|December) \d)/;

function guarded(
  sentence: string,
  index: number,
  end: number,
  extra: RegExp | undefined,
  language: Language,
): boolean {
  let window = sentence.slice(Math.max(0, index - GUARD_WINDOW), index);
  let cut = -1;
  for (const m of window.matchAll(CLAUSE_BREAK)) cut = m.index;
  if (cut >= 0) window = window.slice(cut + 1);
  if (language.guard.test(window) || extra?.test(window)) return true;
  return language.negatedAfter?.test(sentence.slice(end, end + 32)) ?? false;
}

const GOVERNMENT =
  /\b(?:regime|government|governmental|army|SAA|Syrian Arab Army|Syrian (?:army|troops|forces)|Assad|Tiger Forces|4th Division|Fourth Division|Republican Guard)\b/i;

function territory(sentence: string, at: number): Picked {
  const subject = sentence.slice(Math.max(0, at - 100), at);
  return {
    eventType: 'Battles',
    subEventType: GOVERNMENT.test(subject)
      ? 'Government regains territory'
      : 'Non-state actor overtakes territory',
  };
}

const RIOT_SIGNAL =
  /\b(?:protesters|demonstrators|crowds?)\b[^.;]{0,40}?\b(?:stormed|set fire|burned|burnt|torched|threw stones|hurled stones|smashed|attacked|vandali[sz]ed|looted)\b/i;
const EXCESSIVE_FORCE =
  /\b(?:opened fire on|fired (?:live (?:ammunition|rounds) )?(?:on|at)|shot (?:at|dead)?|killed|live (?:ammunition|bullets|fire))\b[^.;]{0,40}?\b(?:protesters|demonstrators|protests?|demonstrations?|crowds?)\b|\b(?:protesters|demonstrators)\b (?:were |was )?(?:killed|shot)\b/i;
const INTERVENTION =
  /\b(?:dispers(?:ed|e|ing)|tear ?gas|water cannons?|rubber bullets|broke up|beat|beaten|arrested|detained|fired (?:shots )?in(?:to)? the air|gunfire|suppress(?:ed|ion)?|cracked down|crackdown)\b/i;

function protest(sentence: string): Picked {
  if (RIOT_SIGNAL.test(sentence)) return { eventType: 'Riots', subEventType: 'Violent demonstration' };
  if (EXCESSIVE_FORCE.test(sentence))
    return { eventType: 'Protests', subEventType: 'Excessive force against protesters' };
  if (INTERVENTION.test(sentence))
    return { eventType: 'Protests', subEventType: 'Protest with intervention' };
  return { eventType: 'Protests', subEventType: 'Peaceful protest' };
}

const sd = (subEventType: string): Picked => ({ eventType: 'Strategic developments', subEventType });
const ex = (subEventType: string): Picked => ({ eventType: 'Explosions/Remote violence', subEventType });
const vac = (subEventType: string): Picked => ({ eventType: 'Violence against civilians', subEventType });
const CLASH: Picked = { eventType: 'Battles', subEventType: 'Armed clash' };
const MOB: Picked = { eventType: 'Riots', subEventType: 'Mob violence' };

/** Organised armed groups: a fight among them is a battle, a fight among residents is mob violence. */
const ARMED_GROUP =
  /\b(?:fighters|factions?|militias?|militiamen|militants|rebels|soldiers|troops|forces|army|SDF|YPG|HTS|ISIS|ISIL|Daesh|Nusra|members of|gunmen of)\b|(?:فصائل|فصيل|قوات|عناصر|مسلحي|ميليشي|مليشي|جيش|الجيش|مقاتلي)/i;
const RESIDENTS =
  /\b(?:residents|villagers|locals|people|crowds?|mobs?|tribesmen|families|relatives|youths?)\b|(?:اهالي|الاهالي|سكان|حشد|غاضب|ابناء|شبان)/i;

/** A fight with weapons: between armed groups a clash, otherwise mob violence. */
function brawl(sentence: string): Picked {
  return ARMED_GROUP.test(sentence) ? CLASH : MOB;
}

/** Storming then burning or looting: mob violence by residents, property destruction by armed men. */
function stormedAndBurned(subject: string): Picked {
  return RESIDENTS.test(subject) ? MOB : sd('Looting/property destruction');
}

const STORM_THEN_BURN =
  /^stormed\b[^.;]{0,60}?\b(?:burn(?:ed|t)|torched|set fire|set ablaze|looted|ransacked|vandali[sz]ed)\b/i;

/** "Stormed" alone is an armed clash; stormed and burned houses is property destruction or mob violence. */
function stormed(sentence: string, at: number): Picked {
  return STORM_THEN_BURN.test(sentence.slice(at))
    ? stormedAndBurned(sentence.slice(Math.max(0, at - 80), at))
    : CLASH;
}

const COMBATANT_TARGET =
  /\b(?:soldiers?|fighters?|members?|militants?|troops|gunmen|militiam[ae]n|officers?|positions?|checkpoints?|elements|personnel)\b|(?:عنصر|عناصر|مقاتل|جندي|جنود|ضابط|مواقع|حاجز)/i;
const CIVILIAN_TARGET =
  /\b(?:civilians?|residents?|citizens?|locals|children|child|boy|girl|wom[ae]n|man|shepherds?|farmers?|passers?-?by|people)\b|(?:مدني|مواطن|طفل|اطفال|امراه|سيده|نساء|شاب|رجل|راعي|مزارع|اهالي)/i;

/** ACLED codes sniping by its target: at civilians an attack on civilians, at fighters an armed clash. */
function sniper(sentence: string): Picked {
  if (CIVILIAN_TARGET.test(sentence)) return vac('Attack');
  return COMBATANT_TARGET.test(sentence) ? CLASH : vac('Attack');
}

const NON_STATE_CAPTOR =
  /\b(?:IS|ISIS|ISIL|Daesh|Islamic State|Nusra|jihadists?|militants|gunmen|kidnappers|Hisbah|terrorists?|insurgents|cells?)\b|(?:داعش|تنظيم (?:ال)?دوله|نصره|مسلح|مجهول|خلايا)/;

/** Detention by a state (or state-like) force is an arrest; by a jihadist group or gunmen, an abduction. */
function detention(sentence: string, at: number): Picked {
  return NON_STATE_CAPTOR.test(sentence.slice(Math.max(0, at - 80), at))
    ? vac('Abduction/forced disappearance')
    : sd('Arrests');
}

const WEAPON =
  'missiles?|rockets?|drones?|projectiles?|shells?|UAVs?|ballistic missiles?|cruise missiles?|warplanes?|war ?planes?|jets?|aircraft|helicopters?|planes?';
const TERRITORY_NOUN =
  '(?:villages?|towns?|city|hills?|hilltops?|areas?|neighbou?rhoods?|districts?|bases?|airports?|air ?bases?|checkpoints?|positions?|oil ?fields?|gas ?fields?|crossings?|dams?|mountains?|points?|headquarters|region|outskirts|parts of|territory|farms|streets?|quarters?|strongholds?|bastions?)';
const TERRITORY_OBJECT = `(?:[\\w-]+ ){0,3}?${TERRITORY_NOUN}`;
const CIVILIAN =
  'civilians?|(?:a |an |the |two |three |\\w+ )?(?:young )?(?:man|woman|boy|girl|child|children|shepherds?|farmers?|doctor|teacher|workers?|truffle (?:hunters?|gatherers?)|citizens?|residents?|teenagers?|women|displaced|family|families|elderly)';
const PROPERTY =
  'houses?|homes?|shops?|crops?|fields?|propert(?:y|ies)|cars?|vehicles?|tents?|buildings?|farms?|lands?|churches|church|mosques?|schools?';
/** Words saying a weapon was held, moved or taken rather than used ("armed with grenades"). */
const POSSESSION =
  /\b(?:armed with|carry(?:ing)?(?! out)|carried(?! out)|equipped with|possession of|seiz\w*|confiscat\w*|found|smuggl\w*|shipments?|supply\w*|supplied|deliver\w*|stock\w*|arsenal|destroy\w*|every|depots?|caches?)\b/i;
const AIR_ACTOR =
  '(?:drones?|UAVs?|warplanes?|war ?planes?|jets?|aircraft|helicopters?|planes?|bombers?|air ?force|air forces|aerospace forces?)';

/**
 * English rules, ordered from most to least specific; the first rule with an unguarded match decides. Drills
 * come before weapons because drill reports are full of weapon words ("exercises with missiles and drones").
 */
const ENGLISH_RULES: Rule[] = [
  {
    pick: sd('Change to group/activity'),
    confidence: 0.75,
    patterns: [
      words(
        '(?:halted|suspended|paused|stopped) (?:its |their |the )?(?:air ?strikes|strikes|bombing|bombardment|shelling|raids)',
      ),
    ],
  },
  {
    pick: sd('Other'),
    confidence: 0.7,
    patterns: [
      words(
        '(?:planes?|aircraft|helicopters?|warplanes?|jets?|drones?)\\b[^.;]{0,40}?\\b(?:crashed|crash-landed)',
        'crashed (?:due to|because of|after a technical)',
      ),
    ],
  },
  {
    pick: sd('Disrupted weapons use'),
    confidence: 0.9,
    patterns: [
      words(`(?:intercept(?:ed|ing|s)?|shot down|downed)\\b[^.;]{0,40}?\\b(?:${WEAPON})`),
      words(`(?:${WEAPON})\\b[^.;]{0,30}?\\b(?:were |was )?(?:intercepted|shot down|downed)`),
      words(
        'air defen[cs]es?\\b[^.;]{0,40}?\\b(?:intercepted|shot down|downed|confronted|responded to|repelled|engaged)',
      ),
      words(
        '(?:dismantled|defused|disarmed|neutrali[sz]ed)\\b[^.;]{0,30}?\\b(?:bombs?|explosives?|IEDs?|(?:land ?)?mines?|devices?|car bombs?|explosive belts?)',
      ),
      words(
        '(?:foiled|thwarted)\\b[^.;]{0,30}?\\b(?:bombings?|plots?|suicide attacks?|car bombs?|attempts? to (?:plant|detonate|smuggle))',
      ),
    ],
  },
  {
    pick: ex('Chemical weapon'),
    confidence: 0.9,
    guard:
      /\b(?:hand(?:ed|ing)? over|dismantl\w*|destroy\w*|destruction|stockpiles?|prohibition|investigat\w*|inspect\w*|convention|commitments?|possess\w*|have|has|had|gave up|give up|use of)\b/i,
    patterns: [
      words(
        'chemical (?:attacks?|munitions|agents?|strikes?|substances?|bombs?|shells?)',
        'chemical weapons?(?! (?:program|programme|stocks?|stockpiles?|convention|experts|inspectors|watchdog|agency|facilit\\w+|arsenal|deal))',
        'chlorine',
        'sarin',
        'mustard gas',
        'toxic gas(?:es)?',
        'nerve (?:agents?|gas)',
        'poison(?:ous)? gas',
        'gas attacks?',
      ),
    ],
  },
  {
    pick: ex('Suicide bomb'),
    confidence: 0.9,
    patterns: [
      words(
        'suicide (?:bomb(?:er|ers|ing|ings|s)?|attack(?:s|er|ers)?|car bombs?|vests?|belts?|trucks?|VBIEDs?)',
        'blew (?:himself|herself|themselves) up',
        'SVBIEDs?',
        'explosive (?:vest|belt)s?',
        'drove (?:a|an) [^.;]{0,40}?(?:packed|laden|loaded|rigged) with explosives',
      ),
    ],
  },
  {
    pick: sd('Change to group/activity'),
    confidence: 0.8,
    patterns: [
      words(
        '(?:counter[- ])?(?:exercises|exercise(?= with| in| at| near| on| of| that| which)|drills?|manoeuvres|maneuvers)',
        'military exercise',
        'war ?games',
        '(?:military|combat|field|joint) training',
        'training (?:courses?|sessions?|programmes?|programs?|exercises?|manoeuvres|maneuvers|missions?|flights?)',
        '(?:being|were|was|are|is) trained',
        'train(?:ed|ing) (?:fighters|recruits|members|militiamen|personnel|troops|\\w+ fighters)',
      ),
    ],
  },
  {
    pick: ex('Grenade'),
    confidence: 0.85,
    guard: POSSESSION,
    patterns: [/(?<!rocket[- ]propelled )\b(?:hand )?grenades?\b/gi],
  },
  {
    pick: ex('Remote explosive/landmine/IED'),
    confidence: 0.85,
    guard: POSSESSION,
    patterns: [
      words(
        'land ?mines?',
        'IEDs?',
        'improvised explosive',
        'explosive devices?',
        'car bombs?',
        'booby[- ]trap(?:ped|s)?',
        '(?:car|vehicle|motorcycle|motorbike|truck) (?:bomb|exploded|blew up)',
        'bomb (?:exploded|went off|blasts?)',
        'bomb explosions?',
        '(?:sticky|roadside|magnetic) bombs?',
        'unexploded',
        'war remnants',
        'remnants of (?:the )?war',
        'mine (?:explosion|blast|exploded|went off)',
        'explosion of (?:a|an) (?:mine|landmine|device|explosive|bomb)',
        'explosive charges?',
        'detonated',
        '(?:packed|laden|loaded|rigged) with explosives',
      ),
    ],
  },
  {
    pick: ex('Air/drone strike'),
    confidence: 0.85,
    guard: /\b(?:backed by|support\w*|cover of|covered by|backing|hunger|general|commercial)\b/i,
    patterns: [
      words(
        'air ?strikes?',
        'air[- ]raids?',
        'aerial (?:bombardments?|attacks?|strikes?|bombing|assaults?|campaign)',
        'drone (?:strikes?|attacks?|bombing)',
        'barrel bombs?',
        '(?:suicide|kamikaze|explosive[- ]laden|armed) drones?',
        '(?:drones?|UAVs?) (?:attack|strike|struck|targeted|bombed|hit)',
        `${AIR_ACTOR}\\b[^.;]{0,40}?\\b(?:struck|targeted|bombed|bombarded|raided|shelled|dropped|attacked|pounded|hit|destroy(?:ed|ing)|stepped up|launched (?:\\w+ )?(?:strikes|raids|sorties|missiles|rockets)|carried out (?:\\w+ )?(?:strikes|raids|an? (?:strike|raid)|the (?:strike|raid)))`,
        'bombed(?! out)',
        'bombing (?:raids?|campaign|runs?)',
        '(?:regime|Russian|coalition|air|government) bombing',
        '(?<!(?:missile|rocket|artillery|drone|air|hunger|general|commercial|counter|on|preemptive|pre-emptive) )strikes?(?! (?:force|a balance|a deal|back))',
      ),
    ],
  },
  {
    pick: ex('Shelling/artillery/missile attack'),
    confidence: 0.8,
    guard: POSSESSION,
    patterns: [
      words(
        'shell(?:ed|ing|s)',
        'artillery',
        'mortars?',
        'rockets?(?![- ]propelled)',
        'rocketry',
        'missiles?',
        'bombard(?:ed|ment|ments|ing)',
        'tank (?:fire|shells?|rounds?)',
        'Grad',
        'howitzers?',
        'barrages?',
        'Tomahawks?',
      ),
    ],
  },
  {
    pick: ex('Remote explosive/landmine/IED'),
    confidence: 0.6,
    guard: /\b(?:drills?|exercises?|training)\b/i,
    patterns: [words('explosions?(?! of (?:violence|anger|joy))', 'blasts?', 'exploded')],
  },
  {
    pick: territory,
    confidence: 0.85,
    guard: /\b(?:attempt\w*|tried|try|trying|failed|bid|aim\w*|seek\w*|sought)\b/i,
    patterns: [
      words(
        '(?:seized|seizing|took|taken|taking|gained|regained|retook|retaken|wrested|imposed|restored|extended) (?:full |complete |total |partial )?control (?:of|over)',
        `(?:captured|recaptured|overran|overrun|retook|retaken|liberated|took over|seized|regained|wrested) ${TERRITORY_OBJECT}`,
        '(?:taken|brought) under (?:\\w+ )?control',
        'advanced into',
        'pushed into',
      ),
      /\b(?:[Cc]aptured|[Rr]ecaptured|[Oo]verran|[Rr]etook|[Ll]iberated|[Ss]eized)\s+(?:the\s+)?[A-Z][\w'-]*(?![\w'-])(?!\s+(?:fighters|members|militants|soldiers|men|officers|commanders?|personnel|troops|weapons))/g,
    ],
  },
  {
    pick: { eventType: 'Riots', subEventType: 'Violent demonstration' },
    confidence: 0.8,
    patterns: [
      words('riot(?:s|ed|ing|ers)?(?! police| gear| control)', 'violent (?:protests?|demonstrations?)'),
    ],
  },
  {
    pick: MOB,
    confidence: 0.75,
    patterns: [
      words(
        'mobs?',
        'lynch(?:ed|ing)?',
        'angry (?:crowds?|residents|villagers|mob)\\b[^.;]{0,30}?\\b(?:attacked|stormed|burned|beat|killed)',
      ),
    ],
  },
  {
    pick: brawl,
    confidence: 0.7,
    patterns: [
      words(
        '(?:fights?|brawls?|quarrels?|altercations?|disputes?|feuds?|rows?) (?:[^.;]{0,60}? )?(?:broke out|erupted|escalated|developed|turned)',
        '(?:tribal|family|clan|personal|familial) (?:disputes?|feuds?|fights?|quarrels?|conflicts?)',
        'quarrel(?:led|ed|ing)',
      ),
    ],
  },
  {
    pick: protest,
    confidence: 0.8,
    skipIf:
      /\b(?:Arab Spring|uprising|revolution|since (?:early |late |mid-)?(?:March )?2011)\b|\b(?:war|conflict|rebellion|crisis)\b[^.;]{0,80}?\b(?:began|broke out|erupted|started|triggered|sparked|descended|evolved)\b|\b(?:triggered|sparked)\b[^.;]{0,40}?\b(?:war|conflict|rebellion)\b/i,
    patterns: [
      words(
        'protest(?:s|ing|ers)?',
        'protested(?! by)',
        'demonstrat(?:ion|ions|ors)(?! of (?:force|power|strength|capabilit))',
        'demonstrated (?:against|in|outside|near|for|to demand)',
        'sit-?ins?',
        'vigils?',
        '(?:staged|held|organi[sz]ed) (?:a )?rall(?:y|ies)',
        'rallies',
        'marched',
        'took to the streets',
        '(?:general|commercial) strike',
        'went on strike',
      ),
    ],
  },
  {
    pick: sniper,
    confidence: 0.8,
    patterns: [words('snipers?', 'sniping')],
  },
  {
    pick: stormed,
    confidence: 0.8,
    patterns: [words('stormed')],
  },
  {
    pick: CLASH,
    confidence: 0.85,
    patterns: [
      words(
        'clash(?:es|ed|ing)?',
        'fighting(?! (?:force|forces|season|capabilit\\w*))',
        'fought',
        'fierce battles?',
        'battles? (?:between|with|against|broke out|erupted|raged|around|in|near|for|over|to|on)',
        '(?:in|during) (?:the )?(?:heavy |fierce )?battles?',
        'battl(?:ed|ing)',
        'to battle',
        'gun ?(?:battles?|fights?)',
        'firefights?',
        'exchang(?:e|ed|es|ing) (?:of )?(?:fire|gunfire)',
        '(?:shooting|gunfire|fire) (?:took place|broke out|erupted) between',
        'skirmish(?:es|ed)?',
        '(?:armed|violent|fierce) confrontations?',
        'confrontations? (?:between|with|erupted|broke out)',
        'ambush(?:ed|es)?',
        'assaults? (?:on|against)',
        '(?:launched|began|started|repelled|repulsed) (?:its |their |an |a |the )?(?:\\w+ )?(?:assault|offensive|attack)',
        '(?:counter-?)?offensives?(?! weapons)',
        'counter-?attacks?',
        'attack(?:ed|s|ing)? (?:on |against )?(?:the |a |an |their |its )?(?:military )?(?:positions?|posts?|checkpoints?|bases?|headquarters|points?|outposts?|barracks|patrols?|convoys?)',
        'opened (?:[\\w-]+ )?fire (?:on|at) (?:the |a |an )?(?:[\\w-]+ )?(?:positions?|posts?|checkpoints?|patrols?|members?|fighters?|soldiers?|forces|troops|vehicles?)',
        '(?:foiled|thwarted|fended off) (?:an? |the )?(?:\\w+ ){0,3}?(?:attacks?|assaults?|offensives?|attempts?|infiltration)',
        'infiltrat(?:ed|ion|ions|e|ing)',
        '(?:attempt(?:ed|s)?|tried) to (?:storm|capture|advance|infiltrate|seize|attack)',
        'repelled',
        'repulsed',
        '(?:army|troops|units?|forces|soldiers|fighters)\\b[^.;]{0,40}?\\bdestroyed',
        'kill(?:ed|ing)? (?:at least |about |around |more than |over |nearly )?(?:\\d+|dozens|scores|many|several|tens|hundreds) (?:of )?(?:\\w+ ){0,3}?(?:militants|terrorists|fighters|members|jihadists|insurgents|rebels|soldiers|troops|gunmen)',
      ),
    ],
  },
  {
    pick: vac('Sexual violence'),
    confidence: 0.85,
    patterns: [
      words('rap(?:ed|e|es|ing)', 'sexual(?:ly)? (?:assault(?:ed)?|violence|abuse[ds]?|harassment)'),
    ],
  },
  {
    pick: vac('Abduction/forced disappearance'),
    confidence: 0.85,
    patterns: [
      words(
        'kidnap(?:ped|ping|pings|s)?',
        'abduct(?:ed|ion|ions|s|ing)?',
        'forcibly disappeared',
        'forced(?:ly)? disappear\\w*',
        'enforced disappearances?',
        'taken hostage',
        'took (?:\\w+ )?hostages?',
        '(?:has|have|holds?|holding|held) (?:\\w+ ){0,2}hostages',
        'held captive',
      ),
    ],
  },
  {
    pick: vac('Attack'),
    confidence: 0.8,
    guard: /\b(?:site of|anniversary|investigat\w*|probe|memory of|commemorat\w*)\b/i,
    skipIf: /\b(?:rubble|debris)\b/i,
    patterns: [
      words(
        'executed(?! (?:a|an|the) (?:plan|operation|attack|order|strike))',
        '(?:field )?executions?',
        'assassinat(?:ed|ion|ions|ing)',
        'murder(?:ed|s)?',
        'slaughtered',
        'beheaded',
        'crucified',
        'liquidated',
        'tortured(?: to death)?',
        'massacred?',
        'shot dead',
        'gunned down',
        'stabb(?:ed|ing)',
        'slit (?:his|her|their) throats?',
        'found (?:dead|killed|shot|executed|slaughtered|murdered|hanged)',
        '(?:bod(?:y|ies)|corpses?) (?:of [^.;]{0,40}? )?(?:was |were |had been |have been )?(?:found|discovered|recovered|retrieved|uncovered|dumped)',
        '(?:found|discovered|recovered|uncovered|retrieved) (?:the )?(?:[\\w-]+ ){0,3}?(?:bod(?:y|ies)|corpses?)',
        `(?:gunmen|assailants|(?:unidentified|unknown) (?:gunmen|persons|people|men|attackers|assailants)|masked men)\\b[^.;]{0,60}?\\b(?:killed|shot|opened (?:[\\w-]+ )?fire|attacked|stabbed|murdered|assaulted|wounded|injured)`,
        `(?:kill(?:ed|ing|s)?|shot|opened (?:[\\w-]+ )?fire on|attacked|stabbed|beat|assaulted|targeted|wounded|injured|ran over)\\b[^.;]{0,40}?\\b(?:${CIVILIAN})`,
        'civilians? (?:was|were) (?:killed|shot|murdered|stabbed|wounded|injured|beaten)',
      ),
      /\b[Ss]hot (?:dead )?[A-Z][a-z]+ [A-Z][a-z]+/g,
    ],
  },
  {
    pick: detention,
    confidence: 0.8,
    patterns: [
      words(
        'arrest(?:ed|s|ing)?',
        'detain(?:ed|ing|s)?',
        'detentions?',
        'rounded up',
        'round-?ups?',
        'raid(?:ed|s)? (?:on )?(?:the )?(?:homes?|houses?)',
        '(?:homes?|houses?) (?:were |was )?raided',
        'apprehended',
        'taken into custody',
        'security (?:operations?|campaigns?|sweeps?)',
        'combing (?:operations?|campaigns?)',
        'sweep(?:ing)? operations?',
      ),
    ],
  },
  {
    pick: sd('Looting/property destruction'),
    confidence: 0.8,
    patterns: [
      words(
        'loot(?:ed|ing|s)?',
        'plunder(?:ed|ing)?',
        'pillag(?:ed|ing)',
        'ransack(?:ed|ing)?',
        'demolish(?:ed|ing)?(?! (?:after|by the (?:blast|explosion|strike|shelling)))',
        'bulldoz(?:ed|ing)',
        'razed',
        'vandali[sz]ed',
        `(?:burned(?![- ]out)|burnt(?![- ]out)|torched|set fire to|set ablaze)\\b[^.;]{0,30}?\\b(?:${PROPERTY})`,
        `(?:${PROPERTY})\\b[^.;]{0,40}?\\b(?:were |was |have been |had been |been )(?:torched|burned|burnt|set on fire|set ablaze|looted|demolished|bulldozed)(?! (?:after|in|during|by (?:the |an? )?(?:blast|explosion|strike|air ?strike|shelling|attack|bombing)))`,
        'confiscat(?:ed|ing|ion)',
        `seiz(?:ed|ing) (?:the |their |\\w+ )?(?:${PROPERTY})`,
        `(?:broke|break(?:s|ing)?) into\\b[^.;]{0,60}?\\b(?:carr(?:ied|ying) (?:off|away)|stole|took away|making off with)`,
        `\\b(?:stole|stealing|steal)\\b[^.;]{0,40}?\\b(?:livestock|sheep|cattle|cars?|vehicles?|furniture|belongings|crops|wheat|cables|equipment|property|properties|houses?|homes?|shops?)`,
      ),
    ],
  },
  {
    pick: sd('Non-violent transfer of territory'),
    confidence: 0.75,
    patterns: [
      words(
        `handed (?:over )?(?:control|${TERRITORY_OBJECT})`,
        'handed (?:it|them) over',
        'withdr(?:ew|awn|awal)\\b[^.;]{0,60}?\\bhand(?:ed|ing) over',
        `(?:withdrew|withdrawn|pulled out|evacuated) (?:from )?${TERRITORY_OBJECT}`,
      ),
    ],
  },
  {
    pick: sd('Headquarters or base established'),
    confidence: 0.75,
    patterns: [
      words(
        '(?:establish(?:ed|ing|es)?|set up|sets up|setting up|built|builds|building (?:a|an|new)|construct(?:ed|ing)|creat(?:ed|ing))\\b[^.;]{0,30}?\\b(?:headquarters|HQ|(?:military )?bases?|(?:military )?positions?|outposts?|military points?|posts?|checkpoints?|camps?|airstrips?|hangars?|barracks|depots?|launch (?:sites?|pads?))',
        '(?:turned|converted|transformed) (?:it|them|the [a-z-]+(?: [a-z-]+)?) into (?:a |an )?(?:new )?(?:military )?(?:barracks|base|headquarters|outpost|position|depot|drone base|launch site|prison|detention centre)',
        'opened (?:a |an |the )?(?:new )?(?:headquarters|base|military point|outpost|checkpoint|position|office)',
        'new (?:base|headquarters|military point|outpost|position)',
      ),
    ],
  },
  {
    pick: sd('Agreement'),
    confidence: 0.75,
    guard:
      /\b(?:end of|collaps\w*|breach\w*|violat\w*|negotiat\w*|talks?|hopes?|covered by|guarantor|commitments?|adher\w*|complian\w*)\b/i,
    patterns: [
      words(
        '(?:signed|reached|concluded|struck|brokered|implement\\w*|announced|declared|agreed (?:on|to)) (?:[\\w-]+ ){0,4}?(?:agreements?|deals?|truces?|cease-?fires?|accords?|settlements?|memorandum)',
        '(?:agreements?|deals?|truces?|cease-?fires?|accords?)\\b[^.;]{0,40}?\\b(?:reached|signed|concluded|brokered|(?:came|come|comes|went|entered) into (?:force|effect)|took effect|announced)',
        'under (?:a|an|the) (?:[\\w-]+ ){0,3}?(?:deal|agreement|accord)',
        'agreed (?:to|on)',
        '(?:settlement|reconciliation) (?:deals?|agreements?|process|cards?|centres?|centers?)',
        'settled (?:their|the) (?:status|legal status)',
        'taswiya',
        'prisoner (?:exchange|swap)s?',
        'exchange of (?:prisoners|detainees|bodies)',
        'swap deal',
        'turned (?:themselves )?in (?:themselves|their weapons)',
        'turned themselves in',
        'surrender(?:ed|ing)? (?:themselves|their (?:weapons|arms))',
        'handed over (?:their )?(?:weapons|arms)',
        'laid down (?:their )?(?:weapons|arms)',
      ),
    ],
  },
  {
    pick: sd('Change to group/activity'),
    confidence: 0.7,
    patterns: [
      words(
        'reinforcements?',
        '(?:re)?deploy(?:ed|ment|ments|ing|s)?',
        '(?:military |army )?convoys?\\b[^.;]{0,90}?\\b(?:entered|arrived|crossed|reached|headed|moved)',
        'recruit(?:ed|ing|ment)',
        'enlist(?:ed|ment)',
        'mobili[sz](?:ed|ation|ing)',
        '(?:military|troop|escalating|unusual|intensive) movements?',
        '(?:moved|transferred|brought|smuggled) (?:weapons|ammunition|equipment|fighters|troops|munitions)',
        '(?:sends?|sent|sending) (?:\\w+ ){0,2}?(?:weapons|fighters|gunmen|troops|militants|equipment|tanks)',
        '(?:fighters|gunmen|members|troops|militants|soldiers)\\b[^.;]{0,40}?\\barrived (?:in|at)',
        '(?:weapons?|arms) shipments?',
        'state of (?:high |maximum |full )?alert',
        '(?:raised|raise|raising|declared|heightened|high|maximum|full) (?:the )?(?:level of )?(?:alert|readiness|state of alert)',
        'on (?:high |full |maximum )?alert',
        '(?:heightened|combat|full) readiness',
        'withdrew (?:\\w+ ){0,4}?(?:fighter planes|planes|aircraft|warplanes|troops|forces|fighters|soldiers|units)',
      ),
    ],
  },
  {
    pick: sd('Other'),
    confidence: 0.4,
    patterns: [
      words(
        'inspected',
        'toured',
        'inspection tour',
        'visited (?:the )?(?:front|frontlines?|positions?|troops|bases?|military)',
        '(?:families|displaced|residents|refugees|IDPs|civilians|people)\\b[^.;]{0,40}?\\breturn(?:ed|ing)? (?:to|home)',
        'return of (?:\\w+ ){0,3}?(?:families|displaced|refugees|residents|IDPs)',
        'convoys? of (?:\\d+ |\\w+ )?buses',
        'evacuat(?:ed|ion|ions)',
      ),
    ],
  },
];

/** Arabic letters (after folding) that can continue a word. */
const AR = '\\u0621-\\u064a';

const AR_FOLD: Record<string, string> = { أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ة: 'ه', ى: 'ي', ؤ: 'و', ئ: 'ي' };
const AR_FOLD_RE = /[أإآٱةىؤئ]/g;
/** Tashkeel, superscript alef and tatweel. */
const AR_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u0640]/g;

/** Arabic letter variants folded to one spelling (أ/إ/آ -> ا, ة -> ه, ى -> ي), vowel marks dropped. */
function foldArabic(text: string): string {
  return text.replace(AR_MARKS, '').replace(AR_FOLD_RE, (c) => AR_FOLD[c]!);
}

/**
 * An Arabic stem with any proclitics written onto it (و ف ب ل ك and the article ال, or لل) and any suffix:
 * `ar('قصف')` finds قصف, وقصفت, بالقصف, قصفها. Stems are written in folded spelling (see {@link foldArabic}).
 */
function ar(...stems: string[]): RegExp {
  return new RegExp(`(?<![${AR}])(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)(?:${foldArabic(stems.join('|'))})`, 'g');
}

/**
 * Negation, denial, fear, simulation and intent in Arabic. Not لا (as in لا تزال, "still") and not قد (as in
 * كانت ... قد قصفت, the pluperfect of a real event).
 */
const AR_GUARD = new RegExp(
  `(?<![${AR}])(?:[وف]?(?:لم|لن|عدم|نفى|نفت|ينفي|تنفي|نفي|تحسبا|خشيه|تخوف\\S*|احتمال|محتمل\\S*|لمنع|منع|محاكاه|وهمي\\S*|شائعات|تهديد\\S*|يهدد|تهدد|هدد\\S*|اي|حال|يخطط|تخطط|لوقف|وقف))(?![${AR}])`,
);

const AR_GOVERNMENT =
  /(?:قوات (?:ال)?نظام|جيش|(?:ال)?قوات (?:ال)?حكومي|قوات (?:ال)?حكومه|قوات (?:ال)?اسد|(?:ال)?فرقه (?:ال)?رابعه|(?:ال)?حرس (?:ال)?جمهوري|(?:ال)?قوات (?:ال)?سوريه)/;

function arTerritory(sentence: string, at: number): Picked {
  return {
    eventType: 'Battles',
    // The subject often follows the verb (استعادت قوات النظام السيطرة), so look a little past the match too.
    subEventType: AR_GOVERNMENT.test(sentence.slice(Math.max(0, at - 100), at + 60))
      ? 'Government regains territory'
      : 'Non-state actor overtakes territory',
  };
}

const AR_RIOT = /(?:اقتحم|احرق|حطم|رشق|هاجم)\S* (?:\S+ )?(?:ال)?(?:متظاهر|محتج)|(?:ال)?شغب/;
const AR_FIRE = /(?:الرصاص الحي|اطلاق (?:ال)?نار|اطلاق (?:ال)?رصاص|بالرصاص|رصاص)/;
const AR_HARMED = /(?:مقتل|قتل|اصاب|جرح|جريح|جرحى|قتيل|قتلى)/;
const AR_DISPERSED = /(?:تفريق|فرق\S*|قنابل مسيله|غاز\S* (?:ال)?مسيل|اعتقال|اعتقل|ضرب)/;

function arProtest(sentence: string): Picked {
  if (AR_RIOT.test(sentence)) return { eventType: 'Riots', subEventType: 'Violent demonstration' };
  if (AR_FIRE.test(sentence) && AR_HARMED.test(sentence))
    return { eventType: 'Protests', subEventType: 'Excessive force against protesters' };
  if (AR_FIRE.test(sentence) || AR_DISPERSED.test(sentence))
    return { eventType: 'Protests', subEventType: 'Protest with intervention' };
  return { eventType: 'Protests', subEventType: 'Peaceful protest' };
}

const AR_STORM_THEN_BURN = /^\S*\s(?:\S+\s){0,6}?\S*(?:احرق|احراق|حرق|نهب|سرق|خرب|تخريب)/;

function arStormed(sentence: string, at: number): Picked {
  // The subject follows the verb: اقتحم أهالي القرية ...
  return AR_STORM_THEN_BURN.test(sentence.slice(at))
    ? stormedAndBurned(sentence.slice(Math.max(0, at - 40), at + 30))
    : CLASH;
}

const AR_PROPERTY =
  '(?:منازل|منزل|بيوت|بيت|محلات|محل|خيم|خيام|سيارات|سياره|ممتلكات|محاصيل|اراضي|مزارع|متاجر)';
const AR_VICTIM = '(?:مدني|مواطن|طفل|اطفال|امراه|سيده|نساء|شاب|رجل|مسن|راعي|رعاه|مزارع|عامل|طبيب|معلم)';

/** Arabic rules, applied to folded text, in the same order of specificity as the English ones. */
const ARABIC_RULES: Rule[] = [
  {
    pick: sd('Change to group/activity'),
    confidence: 0.8,
    patterns: [
      new RegExp(
        `(?<!(?:معسكر|معسكرات|مركز|مراكز|مخيم)\\s)(?<![${AR}])(?:[وف]?[بلك]?(?:ال)?)(?:تدريب|مناورات|مناوره|تمرين|تمارين|رمايات)`,
        'g',
      ),
    ],
  },
  {
    pick: sd('Disrupted weapons use'),
    confidence: 0.85,
    patterns: [
      ar(
        'اسقاط (?:\\S+ ){0,2}?(?:طائر|مسير|مروحي|صاروخ)',
        'اسقط\\S* (?:\\S+ ){0,2}?(?:طائر|مسير|مروحي|صاروخ)',
        'اعتراض (?:\\S+ ){0,2}?(?:صاروخ|صواريخ|مسير|طائر|قذائف)',
        'تصد\\S* (?:\\S+ )?(?:ال)?دفاعات',
        'دفاعات (?:ال)?جويه',
        'تفكيك (?:\\S+ ){0,2}?(?:عبوه|عبوات|لغم|الغام|مفخخ)',
        'ابطال مفعول',
        'احباط (?:\\S+ ){0,2}?(?:تفجير|عمليه تفجير)',
      ),
    ],
  },
  {
    pick: ex('Chemical weapon'),
    confidence: 0.9,
    guard: /(?:تدمير|تسليم|مخزون|برنامج|منظمه|حظر|تحقيق|مفتش|امتلاك|يمتلك|اتفاقيه)/,
    patterns: [ar('كيماوي', 'كيميائي', 'كلور', 'سارين', 'غاز(?:ات)? (?:ال)?سام', 'غاز(?:ات)? (?:ال)?اعصاب')],
  },
  {
    pick: ex('Suicide bomb'),
    confidence: 0.9,
    patterns: [
      ar(
        '(?<!(?:مسيره|مسيرات|طايره|طايرات|طيران|مسير) (?:ال)?)انتحاري',
        'حزام\\S* (?:ال)?ناسف',
        'احزمه (?:ال)?ناسفه',
        'فجر\\S* (?:\\S+ )?نفس',
      ),
    ],
  },
  {
    pick: ex('Grenade'),
    confidence: 0.85,
    patterns: [ar('قنبل\\S* (?:ال)?يدوي', 'رمانه (?:ال)?يدوي')],
  },
  {
    pick: ex('Air/drone strike'),
    confidence: 0.85,
    guard: /(?:تحليق|تحلق|حلقت|بدعم|باسناد|غطاء)/,
    patterns: [
      ar(
        'غاره',
        'غارات',
        'قصف\\S* (?:ال)?جوي',
        'ضرب\\S* (?:ال)?جوي',
        'طيران (?:ال)?(?:حربي|مسير|روسي|تحالف|اسرائيلي|تركي)',
        'طائر\\S* (?:ال)?(?:مسير|حربي|مروحي|انتحاري)',
        '(?:طائره|طائرات) (?:ال)?استطلاع (?:ال)?مذخر',
        'مسيره (?:ال)?(?:انتحاري|مفخخ|مذخر|مسلح|تركي|اسرائيلي|مجهول|روسي|ايراني|امريكي)',
        'مسيرات(?! (?:ال)?(?:شعبي|احتجاج|سلمي|جماهير|مناهض|مندد|مؤيد|مويد))',
        'براميل (?:ال)?متفجره',
        'برميل\\S* (?:ال)?متفجر',
        'مقاتلات',
        'مروحيات',
        'استهداف\\S* (?:\\S+ ){0,3}?ب(?:ال)?(?:طائر|مسير)',
      ),
    ],
  },
  {
    pick: ex('Shelling/artillery/missile attack'),
    confidence: 0.8,
    guard: /(?:شحن|تهريب|مستودع|مخزن|ضبط|مصادره|نقل)/,
    patterns: [ar('قصف', 'قذائف', 'قذيفه', 'صواريخ', 'صاروخ', 'مدفعي', 'هاون', 'راجمات', 'راجمه')],
  },
  {
    pick: ex('Remote explosive/landmine/IED'),
    confidence: 0.8,
    patterns: [
      ar(
        'عبوه',
        'عبوات',
        'ناسف',
        'لغم',
        'الغام',
        'مفخخ',
        'انفجار',
        'انفجر',
        'تفجير',
        'مخلفات (?:ال)?حرب',
        'جسم\\S* (?:ال)?متفجر',
        'اجسام (?:ال)?متفجره',
        'قنبله',
        'قنابل',
      ),
    ],
  },
  {
    pick: arTerritory,
    confidence: 0.8,
    guard: /(?:محاول|بهدف|تسعى|سعي|يسعى|تحت|لاستعاده|للسيطره)/,
    patterns: [
      ar(
        'سيطر(?:ت|وا)? (?:\\S+ ){0,4}?على',
        'بسط\\S* (?:\\S+ )?سيطر',
        'فرض\\S* (?:\\S+ )?سيطرت',
        'استعاد\\S* (?:\\S+ ){0,3}?(?:ال)?سيطره',
        'استعاد\\S* (?:\\S+ ){0,2}?(?:قري|بلد|مدين|تل|موقع|مواقع|نقاط|حي|منطق)',
        'استعاده (?:ال)?سيطره',
        'سيطره على',
        'تحرير (?:\\S+ ){0,1}?(?:قري|بلد|مدين|تل|موقع|حي|منطق)',
      ),
    ],
  },
  {
    pick: brawl,
    confidence: 0.7,
    patterns: [
      ar(
        'شجار',
        'مشاجر',
        '(?:خلاف|نزاع|اقتتال|خلافات) (?:\\S+ ){0,1}?(?:عشائري|عائلي|بين عائلتين|بين عشيرتين|بين ابناء)',
      ),
    ],
  },
  {
    pick: arProtest,
    confidence: 0.8,
    patterns: [
      ar(
        'مظاهره',
        'مظاهرات',
        'تظاهر',
        'متظاهر',
        'وقف\\S* (?:ال)?احتجاجي',
        'احتجاج',
        'محتج',
        'اعتصام',
        'مسير\\S* (?:ال)?(?:احتجاجي|شعبي|سلمي|جماهيري|مناهض|منددة|منده)',
        'اضراب',
      ),
    ],
  },
  {
    pick: sniper,
    confidence: 0.8,
    patterns: [ar('قنص', 'قناص')],
  },
  {
    pick: arStormed,
    confidence: 0.75,
    patterns: [ar('اقتحم', 'اقتحام')],
  },
  {
    pick: CLASH,
    confidence: 0.85,
    patterns: [
      ar(
        'اشتباك',
        'اشتبك',
        'معارك',
        'معركه',
        'مواجهات',
        'اقتتال',
        'كمين',
        'تسلل',
        'هجوم\\S* (?:\\S+ ){0,3}?على (?:\\S+ )?(?:مواقع|نقاط|نقطه|حاجز|حواجز|مقر|مقرات|دوري|ثكن|قاعده|تمركز)',
        'هاجم\\S* (?:\\S+ ){0,2}?(?:مواقع|نقاط|نقطه|حاجز|مقر|دوري|تمركز)',
        '(?:اطلق|اطلاق)\\S* (?:\\S+ ){0,2}?(?:ال)?(?:نار|رصاص) (?:\\S+ ){0,3}?على (?:\\S+ )?(?:حاجز|حواجز|مواقع|نقطه|نقاط|دوري|مقر|تمركز|ثكن)',
        'بال(?:رشاشات|اسلحه الرشاشه|رشاش)',
        'احباط (?:\\S+ )?(?:هجوم|محاوله تسلل|عمليه تسلل|محاوله تقدم)',
        'صد\\S* (?:\\S+ )?هجوم',
        'محاوله تقدم',
      ),
    ],
  },
  {
    pick: vac('Sexual violence'),
    confidence: 0.85,
    patterns: [ar('اغتصاب', 'اغتصب', 'تحرش', 'اعتداء جنسي')],
  },
  {
    pick: vac('Abduction/forced disappearance'),
    confidence: 0.85,
    patterns: [
      ar('اختطاف', 'اختطف', 'خطف', 'مختطف', 'اخفاء\\S* (?:ال)?قسري', 'مخفي\\S* (?:ال)?قسري', 'رهائن'),
    ],
  },
  {
    pick: vac('Attack'),
    confidence: 0.8,
    skipIf: /(?:انقاض|ركام)/,
    patterns: [
      ar(
        'اغتيال',
        'اغتال',
        'مسلح\\S* (?:ال)?مجهول',
        'مجهول\\S* (?:ال)?هوي',
        'اعدام',
        'اعدم',
        'ذبح',
        'طعن',
        'عثر\\S* على (?:\\S+ )?جث',
        'العثور على (?:\\S+ )?جث',
        'جثه',
        'جثث',
        'جثمان',
        'مقتولا?',
        'تعذيب',
        `قتل\\S* (?:\\S+ ){0,3}?${AR_VICTIM}`,
        `مقتل (?:\\S+ ){0,3}?${AR_VICTIM}`,
        `(?:اطلق|اطلاق)\\S* (?:ال)?(?:نار|رصاص) على (?:\\S+ ){0,2}?${AR_VICTIM}`,
      ),
    ],
  },
  {
    pick: detention,
    confidence: 0.8,
    patterns: [
      ar(
        'اعتقال',
        'اعتقل',
        'حمله (?:\\S+ )?(?:اعتقالات|مداهمات|دهم|امنيه)',
        'مداهم',
        'دهم',
        'احتجاز',
        'احتجز',
        'القبض على',
        'قبض\\S* على',
        'توقيف',
        'اوقف',
        'عمليه امنيه',
        'عمليات امنيه',
        'تمشيط',
      ),
    ],
  },
  {
    pick: sd('Looting/property destruction'),
    confidence: 0.8,
    patterns: [
      ar(
        'نهب',
        'سرق',
        'تعفيش',
        `احرق\\S* (?:\\S+ ){0,2}?${AR_PROPERTY}`,
        `احراق (?:\\S+ ){0,2}?${AR_PROPERTY}`,
        `حرق (?:\\S+ ){0,1}?${AR_PROPERTY}`,
        'هدم',
        'تجريف',
        'جرف\\S* (?:\\S+ )?(?:منازل|اراضي|بيوت)',
      ),
    ],
  },
  {
    pick: sd('Non-violent transfer of territory'),
    confidence: 0.75,
    patterns: [
      ar(
        'تسليم (?:\\S+ ){0,2}?(?:مواقع|نقاط|(?:ال)?منطقه|(?:ال)?قريه|بلده|مدينه|حواجز|مقرات)',
        'سلم\\S* (?:\\S+ ){0,2}?(?:مواقع|نقاط|حواجز|مقرات)',
        'انسحب\\S* (?:\\S+ ){0,4}?[ول]?(?:سلم|تسليم)',
      ),
    ],
  },
  {
    pick: sd('Headquarters or base established'),
    confidence: 0.75,
    patterns: [
      ar(
        '(?:انشاء|انشات|انشا|اقامت|اقامه|اقام|تاسيس|بناء|استحدث\\S*|استحداث) (?:\\S+ ){0,2}?(?:قاعده|قواعد|مقر|مقرات|نقطه|نقاط|حاجز|حواجز|ثكنه|موقع)',
      ),
    ],
  },
  {
    pick: sd('Agreement'),
    confidence: 0.75,
    guard: /(?:خرق|انتهاك|انهيار|مفاوضات|محادثات|شمل|يشمل)/,
    patterns: [
      ar(
        '(?:توصل\\S*|وقع\\S*|توقيع|ابرام|ابرم\\S*|بموجب|تنفيذ|دخل\\S* حيز التنفيذ) (?:\\S+ ){0,3}?(?:اتفاق|هدنه|وقف (?:ل)?اطلاق (?:ال)?نار|تسويه|مصالحه)',
        'تسويه',
        'تسويات',
        'مصالحه',
        'هدنه',
        'وقف (?:ل)?اطلاق (?:ال)?نار',
        'تبادل (?:ال)?(?:اسرى|جثث|معتقلين|جثامين)',
        'صفقه',
        'سلم\\S* (?:\\S+ ){0,2}?(?:انفسهم|نفسه|اسلحت|سلاح)',
      ),
    ],
  },
  {
    pick: sd('Change to group/activity'),
    confidence: 0.7,
    patterns: [
      ar(
        'تعزيزات',
        'تعزيز\\S* (?:\\S+ )?(?:عسكري|قوات|مواقع|نقاط)',
        'رتل',
        'ارتال',
        'قافله (?:ال)?عسكري',
        'استنفار',
        'حاله (?:ال)?تاهب',
        'تاهب',
        'رفع\\S* (?:\\S+ )?(?:ال)?جاهزي',
        'جاهزيه',
        'انتشار(?! (?:ال)?(?:فيروس|وباء|مرض|كورونا|اوبئه|امراض))',
        'انتشر\\S* (?:\\S+ )?(?:قوات|عناصر|دوريات|حواجز|جنود)',
        'نشر\\S* (?:\\S+ )?(?:قوات|عناصر|حواجز|نقاط|جنود|دبابات|منظوم|دوريات)',
        'استقدم\\S*',
        'استقدام',
        'تجنيد',
        'انسحاب',
        'انسحب',
      ),
    ],
  },
  {
    pick: sd('Other'),
    confidence: 0.5,
    patterns: [
      ar(
        'عود\\S* (?:\\S+ ){0,2}?(?:عائلات|اسر|(?:ال)?نازحين|(?:ال)?اهالي|(?:ال)?مهجرين|(?:ال)?لاجئين)',
        'عاد\\S* (?:\\S+ ){0,2}?(?:عائلات|اسر|(?:ال)?نازح|(?:ال)?مهجر|(?:ال)?اهالي|(?:ال)?لاجئ)',
        'اجلاء',
        'تفقد\\S*',
        'جول\\S* (?:ال)?تفقدي',
      ),
    ],
  },
];

interface Language {
  /** Cheap test: does the sentence hold any letter of this language at all. */
  present: RegExp;
  prepare: (sentence: string) => string;
  guard: RegExp;
  negatedAfter?: RegExp;
  rules: Rule[];
}

const LANGUAGES: readonly Language[] = [
  {
    present: /[A-Za-z]/,
    prepare: (s) => s,
    guard: GUARD,
    negatedAfter: NEGATED_AFTER,
    rules: ENGLISH_RULES,
  },
  { present: /[\u0621-\u064a]/, prepare: foldArabic, guard: AR_GUARD, rules: ARABIC_RULES },
];

function firstMatch(sentence: string, language: Language): EventClassification | null {
  for (const rule of language.rules) {
    if (rule.skipIf?.test(sentence)) continue;
    for (const pattern of rule.patterns) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(sentence); m !== null; m = pattern.exec(sentence)) {
        const end = m.index + m[0].length;
        if (guarded(sentence, m.index, end, rule.guard, language)) continue;
        const picked = typeof rule.pick === 'function' ? rule.pick(sentence, m.index) : rule.pick;
        return { ...picked, confidence: rule.confidence };
      }
    }
  }
  return null;
}

/**
 * Reads a sentence, English or Arabic, as an ACLED event type and sub-event type, or null when it reports no
 * event. Rules are phrase patterns tried from most to least specific; a match preceded in its clause by a
 * hypothetical or negating word ("any attack", "might target", "no clashes", "drills that mimic", لم، نفى) is
 * skipped, so anticipated or denied violence is not coded. Drills and training outrank the weapon words they
 * mention, and habitual wording with no day ("is regularly shelled") reports no one event. Arabic is matched
 * after folding letter variants (أ/إ/آ, ة/ه, ى/ي) with proclitics and suffixes allowed around each stem.
 */
export function classifyEvent(sentence: string): EventClassification | null {
  if (HABITUAL.test(sentence) && !PINNED.test(sentence)) return null;
  for (const language of LANGUAGES) {
    if (!language.present.test(sentence)) continue;
    const found = firstMatch(language.prepare(sentence), language);
    if (found) return found;
  }
  return null;
}

/** Filter words users type after `type:`, each standing for one or more event types. */
const FILTER_WORDS: Record<string, EventType[]> = {};

function addFilter(types: EventType[], ...phrases: string[]): void {
  for (const p of phrases) FILTER_WORDS[p] = types;
}

const ALL_TYPES = EVENT_TYPES.map((t) => t.eventType);
addFilter(ALL_TYPES, 'all', 'any', 'everything');
addFilter(['Battles', 'Explosions/Remote violence', 'Violence against civilians'], 'political violence');
addFilter(['Protests', 'Riots'], 'demonstrations', 'demonstration', 'unrest');
for (const t of EVENT_TYPES) addFilter([t.eventType], t.eventType.toLowerCase().replace(/\//g, ' '));
addFilter(
  ['Battles'],
  'battle',
  'battles',
  'clash',
  'clashes',
  'armed clash',
  'armed clashes',
  'fighting',
  'fights',
  'combat',
  'firefights',
  'territory',
  'captures',
);
addFilter(
  ['Explosions/Remote violence'],
  'explosion',
  'explosions',
  'explosives',
  'remote violence',
  'remote',
  'strike',
  'strikes',
  'airstrike',
  'airstrikes',
  'air strike',
  'air strikes',
  'air raids',
  'drone',
  'drones',
  'drone strike',
  'drone strikes',
  'shelling',
  'artillery',
  'missile',
  'missiles',
  'rocket',
  'rockets',
  'mortars',
  'bomb',
  'bombs',
  'bombing',
  'bombings',
  'ied',
  'ieds',
  'landmine',
  'landmines',
  'mines',
  'suicide',
  'suicide bombings',
  'chemical',
  'chemical weapons',
  'grenade',
  'grenades',
);
addFilter(
  ['Violence against civilians'],
  'civilians',
  'civilian',
  'violence',
  'attacks on civilians',
  'killings',
  'executions',
  'assassinations',
  'abduction',
  'abductions',
  'kidnapping',
  'kidnappings',
  'disappearances',
  'sexual violence',
);
addFilter(['Protests'], 'protest', 'protests', 'rally', 'rallies', 'sit-ins', 'sit ins');
addFilter(['Riots'], 'riot', 'riots', 'mob', 'mob violence', 'violent demonstrations');
addFilter(
  ['Strategic developments'],
  'strategic',
  'developments',
  'arrest',
  'arrests',
  'detentions',
  'exercise',
  'exercises',
  'drills',
  'training',
  'deployments',
  'deployment',
  'reinforcements',
  'movements',
  'agreement',
  'agreements',
  'ceasefire',
  'ceasefires',
  'truce',
  'looting',
  'bases',
  'headquarters',
  'transfers',
  'withdrawals',
  'interceptions',
);

const FILTER_SEPARATORS = /\s*[,;|+&]\s*/;
const LONGEST_FILTER = 4;

/**
 * Maps what a user typed after `type:` ("battles", "airstrikes, shelling", "strategic developments",
 * "political violence") to ACLED event types, in taxonomy order without repeats. Returns null when the text is
 * empty or any word is not a known filter word, so the caller can say which words work ({@link TYPE_CHOICES}).
 */
export function parseTypeFilter(text: string): EventType[] | null {
  const normal = text.toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (normal === '') return null;
  const found = new Set<EventType>();
  const whole = FILTER_WORDS[normal.replace(/\//g, ' ')];
  if (whole) return ALL_TYPES.filter((t) => whole.includes(t));
  for (const part of normal.split(FILTER_SEPARATORS)) {
    const tokens = part.split(/[\s/]+/).filter((w) => w !== '' && w !== 'and' && w !== 'or');
    let i = 0;
    while (i < tokens.length) {
      let matched = 0;
      for (let n = Math.min(LONGEST_FILTER, tokens.length - i); n > 0; n--) {
        const types = FILTER_WORDS[tokens.slice(i, i + n).join(' ')];
        if (types) {
          for (const t of types) found.add(t);
          matched = n;
          break;
        }
      }
      if (matched === 0) return null;
      i += matched;
    }
  }
  if (found.size === 0) return null;
  return ALL_TYPES.filter((t) => found.has(t));
}

/** Choices for a Discord `type` option (at most 25); every value is accepted by {@link parseTypeFilter}. */
export const TYPE_CHOICES: readonly { name: string; value: string }[] = [
  { name: 'Battles', value: 'battles' },
  { name: 'Explosions/Remote violence', value: 'explosions' },
  { name: 'Violence against civilians', value: 'civilians' },
  { name: 'Protests', value: 'protests' },
  { name: 'Riots', value: 'riots' },
  { name: 'Strategic developments', value: 'strategic' },
  {
    name: 'Political violence (battles, explosions, violence against civilians)',
    value: 'political violence',
  },
  { name: 'Demonstrations (protests and riots)', value: 'demonstrations' },
];
