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
  /** Extra words that, just before the match, cancel it (beyond {@link GUARD}). */
  guard?: RegExp;
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
]);
const NEGATED_AFTER =
  /^[^,;:]{0,16}?\b(?:did not|didn't|was not|were not|wasn't|weren't|has not|have not|had not|never)\b/i;
const CLAUSE_BREAK = /[,;:()\u2013\u2014]/g;
const GUARD_WINDOW = 32;

function guarded(sentence: string, index: number, end: number, extra: RegExp | undefined): boolean {
  let window = sentence.slice(Math.max(0, index - GUARD_WINDOW), index);
  let cut = -1;
  for (const m of window.matchAll(CLAUSE_BREAK)) cut = m.index;
  if (cut >= 0) window = window.slice(cut + 1);
  if (GUARD.test(window) || extra?.test(window)) return true;
  return NEGATED_AFTER.test(sentence.slice(end, end + 32));
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
  /\b(?:opened fire on|shot (?:at|dead)?|killed|live (?:ammunition|bullets|fire))\b[^.;]{0,40}?\b(?:protesters|demonstrators|protests?|demonstrations?|crowds?)\b|\b(?:protesters|demonstrators)\b (?:were |was )?(?:killed|shot)\b/i;
const INTERVENTION =
  /\b(?:dispers(?:ed|e|ing)|tear ?gas|water cannons?|rubber bullets|broke up|beat|beaten|arrested|detained|fired (?:shots )?in(?:to)? the air|suppress(?:ed|ion)?|cracked down|crackdown)\b/i;

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

const WEAPON = 'missiles?|rockets?|drones?|projectiles?|shells?|UAVs?|ballistic missiles?|cruise missiles?';
const TERRITORY_OBJECT =
  '(?:the |a |an |several |two |three )?(?:villages?|towns?|city|hills?|areas?|neighbou?rhoods?|districts?|bases?|airports?|air ?bases?|checkpoints?|positions?|oil ?fields?|gas ?fields?|crossings?|dams?|mountains?|points?|headquarters|region|outskirts|parts of)';
const CIVILIAN =
  'civilians?|(?:a |an |the |two |three |\\w+ )?(?:young )?(?:man|woman|boy|girl|child|children|shepherds?|farmers?|doctor|teacher|workers?|truffle (?:hunters?|gatherers?)|citizens?|residents?|teenagers?|women|displaced|family|families|elderly)';
const PROPERTY =
  'houses?|homes?|shops?|crops?|fields?|propert(?:y|ies)|cars?|vehicles?|tents?|buildings?|farms?|lands?';

/**
 * Ordered from most to least specific; the first rule with an unguarded match decides. Exercises come before
 * weapons because drill reports are full of weapon words ("exercises with missiles and drones").
 */
const RULES: Rule[] = [
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
      words('(?:foiled|thwarted)\\b[^.;]{0,30}?\\b(?:attacks?|bombings?|plots?|attempts?)'),
    ],
  },
  {
    pick: ex('Chemical weapon'),
    confidence: 0.9,
    patterns: [
      words(
        'chemical (?:weapons?|attacks?|munitions|agents?|strikes?|substances?)',
        'chlorine',
        'sarin',
        'mustard gas',
        'toxic gas(?:es)?',
        'nerve agents?',
        'poison(?:ous)? gas',
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
      ),
    ],
  },
  {
    pick: sd('Change to group/activity'),
    confidence: 0.8,
    patterns: [
      words(
        '(?:counter[- ])?(?:exercises|exercise(?= with| in| at| near| on| of| that| which)|drills?|manoeuvres|maneuvers)',
        '(?:military|combat|field|joint) training',
        'training (?:courses?|sessions?|programmes?|programs?)',
        '(?:being|were|was|are|is) trained',
        'train(?:ed|ing|s)? (?:fighters|recruits|members|militiamen|personnel|troops|\\w+ fighters)',
      ),
    ],
  },
  {
    pick: ex('Grenade'),
    confidence: 0.85,
    patterns: [/(?<!rocket[- ]propelled )\b(?:hand )?grenades?\b/gi],
  },
  {
    pick: ex('Remote explosive/landmine/IED'),
    confidence: 0.85,
    patterns: [
      words(
        'land ?mines?',
        'IEDs?',
        'improvised explosive',
        'explosive devices?',
        'car bombs?',
        'booby[- ]trap(?:ped|s)?',
        '(?:car|vehicle|motorcycle|motorbike|truck) (?:bomb|exploded|blew up)',
        'bomb (?:exploded|went off|blast)',
        '(?:sticky|roadside|magnetic) bombs?',
        'unexploded',
        'war remnants',
        'remnants of (?:the )?war',
        'mine (?:explosion|blast|exploded|went off)',
        'explosion of (?:a|an) (?:mine|landmine|device|explosive|bomb)',
        'explosive charges?',
        'detonated',
      ),
    ],
  },
  {
    pick: ex('Air/drone strike'),
    confidence: 0.85,
    patterns: [
      words(
        'air ?strikes?',
        'air[- ]raids?',
        'aerial (?:bombardment|attacks?|strikes?|bombing)',
        'drone (?:strikes?|attacks?|bombing)',
        'barrel bombs?',
        '(?:suicide|kamikaze|explosive[- ]laden|armed) drones?',
        '(?:drones?|UAVs?) (?:attack|strike|struck|targeted|bombed|hit)',
        '(?:drones?|UAVs?|warplanes?|war ?planes?|jets?|aircraft|helicopters?|planes?)\\b[^.;]{0,40}?\\b(?:struck|targeted|bombed|bombarded|raided|shelled|dropped|attacked|launched (?:strikes|missiles|rockets)|carried out (?:strikes|raids|an? (?:strike|raid)))',
      ),
    ],
  },
  {
    pick: ex('Shelling/artillery/missile attack'),
    confidence: 0.8,
    patterns: [
      words(
        'shell(?:ed|ing|s)',
        'artillery',
        'mortars?',
        'rockets?(?![- ]propelled)',
        'missiles?',
        'bombard(?:ed|ment|ments|ing)',
        'tank (?:fire|shells?|rounds?)',
        'Grad',
        'howitzers?',
      ),
    ],
  },
  {
    pick: territory,
    confidence: 0.85,
    guard: /\b(?:attempt\w*|tried|try|trying|failed|bid)\b/i,
    patterns: [
      words(
        '(?:seized|seizing|took|taken|taking|gained|regained|retook|retaken|wrested|imposed|restored|extended) (?:full |complete |total |partial )?control (?:of|over)',
        `(?:captured|recaptured|overran|overrun|retook|liberated|took over) ${TERRITORY_OBJECT}`,
        'advanced into',
      ),
      /\b(?:[Cc]aptured|[Rr]ecaptured|[Oo]verran|[Rr]etook|[Ll]iberated)\s+(?:the\s+)?[A-Z][\w'-]*(?![\w'-])(?!\s+(?:fighters|members|militants|soldiers|men|officers|commanders?|personnel|troops))/g,
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
    pick: { eventType: 'Riots', subEventType: 'Mob violence' },
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
    pick: protest,
    confidence: 0.8,
    patterns: [
      words(
        'protest(?:s|ed|ing|ers)?',
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
    pick: { eventType: 'Battles', subEventType: 'Armed clash' },
    confidence: 0.85,
    patterns: [
      words(
        'clash(?:es|ed|ing)?',
        'fighting',
        'fought',
        'fierce battles?',
        'battles? (?:between|with|against|broke out|erupted|raged)',
        'gun ?battles?',
        'firefights?',
        'exchang(?:e|ed|es|ing) (?:of )?(?:fire|gunfire)',
        'skirmish(?:es|ed)?',
        '(?:armed|violent|fierce) confrontations?',
        'confrontations? (?:between|with|erupted|broke out)',
        'ambush(?:ed|es)?',
        'attack(?:ed|s|ing)? (?:on |against )?(?:the |a |an |their |its )?(?:military )?(?:positions?|posts?|checkpoints?|bases?|headquarters|points?|outposts?|barracks|patrols?|convoys?)',
        'opened fire (?:on|at) (?:the |a |an )?(?:positions?|posts?|checkpoints?|patrols?|members|fighters|soldiers|forces)',
        'infiltrat(?:ed|ion|ions|e|ing)',
        '(?:attempt(?:ed|s)?|tried) to (?:storm|capture|advance|infiltrate|seize|attack)',
        'repelled',
        'repulsed',
        'stormed',
        'besieg(?:ed|ing)',
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
      ),
    ],
  },
  {
    pick: vac('Attack'),
    confidence: 0.8,
    patterns: [
      words(
        'executed(?! (?:a|an|the) (?:plan|operation|attack|order|strike))',
        '(?:field )?executions?',
        'assassinat(?:ed|ion|ions|ing)',
        'murder(?:ed|s)?',
        'slaughtered',
        'beheaded',
        'liquidated',
        'tortured(?: to death)?',
        'massacred?',
        'shot dead',
        'gunned down',
        `(?:gunmen|assailants|(?:unidentified|unknown) (?:gunmen|persons|people|men|attackers|assailants)|masked men)\\b[^.;]{0,60}?\\b(?:killed|shot|opened fire|attacked|stabbed|murdered|assaulted|wounded|injured)`,
        `(?:kill(?:ed|ing|s)?|shot|opened fire on|attacked|stabbed|beat|assaulted|targeted|wounded|injured|ran over)\\b[^.;]{0,40}?\\b(?:${CIVILIAN})`,
        'civilians? (?:was|were) (?:killed|shot|murdered|stabbed|wounded|injured|beaten)',
      ),
    ],
  },
  {
    pick: sd('Arrests'),
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
        'demolish(?:ed|ing)?',
        'bulldoz(?:ed|ing)',
        'razed',
        'vandali[sz]ed',
        `(?:burned|burnt|torched|set fire to|set ablaze)\\b[^.;]{0,30}?\\b(?:${PROPERTY})`,
        'confiscat(?:ed|ing|ion)',
        `seiz(?:ed|ing) (?:the |their |\\w+ )?(?:${PROPERTY})`,
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
        '(?:establish(?:ed|ing|es)?|set up|sets up|setting up|built|build(?:s|ing)?|construct(?:ed|ing)|creat(?:ed|ing))\\b[^.;]{0,30}?\\b(?:headquarters|HQ|(?:military )?bases?|(?:military )?positions?|outposts?|military points?|posts?|checkpoints?|camps?|airstrips?|hangars?|barracks|depots?|launch (?:sites?|pads?))',
        '(?:turned|converted|transformed) (?:it|them|the [a-z-]+(?: [a-z-]+)?) into (?:a |an )?(?:new )?(?:military )?(?:barracks|base|headquarters|outpost|position|depot|drone base|launch site|prison|detention centre)',
        'opened (?:a |an |the )?(?:new )?(?:headquarters|base|military point|outpost|checkpoint|position|office)',
        'new (?:base|headquarters|military point|outpost|position)',
      ),
    ],
  },
  {
    pick: sd('Agreement'),
    confidence: 0.75,
    patterns: [
      words(
        'agreements?',
        'truce',
        'cease[- ]?fire',
        '(?:settlement|reconciliation) (?:deals?|agreements?|process|cards?|centres?|centers?)',
        'settled (?:their|the) (?:status|legal status)',
        'prisoner (?:exchange|swap)s?',
        'exchange of (?:prisoners|detainees|bodies)',
        'swap deal',
        'signed (?:a|an) (?:deal|accord|memorandum)',
        'accords?',
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
        'recruit(?:ed|ing|ment|s)?',
        'enlist(?:ed|ment)',
        'mobili[sz](?:ed|ation|ing)',
        '(?:military|troop|escalating|unusual|intensive) movements?',
        '(?:moved|transferred|brought|smuggled) (?:weapons|ammunition|equipment|fighters|troops|munitions)',
        '(?:weapons?|arms) shipments?',
      ),
    ],
  },
  {
    pick: sd('Other'),
    confidence: 0.4,
    patterns: [words('showed up', 'visited', 'inspected', 'toured', 'inspection tour')],
  },
];

/**
 * Reads a sentence as an ACLED event type and sub-event type, or null when it reports no event. Rules are
 * phrase patterns tried from most to least specific; a match preceded in its clause by a hypothetical or
 * negating word ("any attack", "might target", "no clashes", "drills that mimic") is skipped, so anticipated
 * or denied violence is not coded. Drills and training outrank the weapon words they mention.
 */
export function classifyEvent(sentence: string): EventClassification | null {
  for (const rule of RULES) {
    for (const pattern of rule.patterns) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(sentence); m !== null; m = pattern.exec(sentence)) {
        const end = m.index + m[0].length;
        if (guarded(sentence, m.index, end, rule.guard)) continue;
        const picked = typeof rule.pick === 'function' ? rule.pick(sentence, m.index) : rule.pick;
        return { ...picked, confidence: rule.confidence };
      }
    }
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
