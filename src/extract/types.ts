/** Kinds of place in the gazetteer, from largest to smallest. */
export type PlaceKind = 'country' | 'region' | 'governorate' | 'district' | 'subdistrict' | 'town' | 'site';

/** A gazetteer entry. */
export interface Place {
  /** Stable slug, e.g. `al-bukamal`, `gov-deir-ez-zor`, `site-al-omar-oil-field`. */
  id: string;
  /** Display name in the desk's house spelling, e.g. `Al-Bukamal`. */
  name: string;
  kind: PlaceKind;
  /** Id of the containing place (town -> district -> governorate); undefined for top-level. */
  parentId?: string;
  /** Governorate id, for every place below governorate level (and the governorate itself). */
  governorateId?: string;
  /** Other spellings, including Arabic script. */
  aliases: string[];
  /** Arabic name, when known. */
  arabic?: string;
  lat?: number;
  lon?: number;
  /** Prominence (e.g. number of coded events); breaks ties between same-named places. */
  weight: number;
}

/** A place name found in text. */
export interface PlaceSpan {
  placeId: string;
  /** Character offsets of the matched text. */
  start: number;
  end: number;
  /** The text as written. */
  surface: string;
  /** 1 = in the town, 2 = near it ("countryside", "outskirts", "desert of"), 3 = region. */
  precision: 1 | 2 | 3;
}

/** Read side of the gazetteer used by extraction, search and commands. */
export interface PlaceDirectory {
  get(id: string): Place | undefined;
  /** All places whose name or alias normalises to the same key as `query`; best first. */
  lookup(query: string): Place[];
  /** Close spellings for did-you-mean, best first. */
  suggest(query: string, limit: number): Place[];
  /** Places whose names start with `prefix` (after normalisation), best first; for autocomplete. */
  complete(prefix: string, limit: number): Place[];
  /** Place names found in `text`, longest match wins, ambiguous names resolved by context. */
  findMentions(text: string, context?: { governorateIds?: string[] }): PlaceSpan[];
  /** The place and every place it contains (governorate -> districts -> towns -> sites). */
  descendants(id: string): string[];
  /** Containing places, nearest first. */
  ancestors(id: string): Place[];
  /** `Al-Bukamal (Deir ez-Zor)`: name with its governorate, for lists and autocomplete. */
  label(id: string): string;
  /** Every place. */
  all(): Iterable<Place>;
}

/** Kinds of actor. */
export type ActorKind =
  | 'state-force'
  | 'state-unit'
  | 'foreign-force'
  | 'coalition'
  | 'militia'
  | 'rebel'
  | 'jihadist'
  | 'kurdish'
  | 'tribal'
  | 'civilian'
  | 'unknown';

/** An armed actor or group. */
export interface Actor {
  /** Stable slug, e.g. `hezbollah`, `irgc`, `irgc-quds-force`, `kataib-hezbollah`. */
  id: string;
  /** Display name, e.g. `Hezbollah`. */
  name: string;
  /** ACLED canonical name where one exists. */
  acledName?: string;
  kind: ActorKind;
  /** Other names and spellings (acronyms, Arabic, transliterations). */
  aliases: string[];
  /** Parent organisation (Quds Force -> IRGC). */
  parentId?: string;
  /** Known links: backers, allies, umbrella groups (IRGC-backed militias -> IRGC). */
  related: string[];
  /**
   * Patrons: ids of the actors that arm, fund or direct this one (pro-Iran militias -> IRGC, SNA -> Turkey's
   * forces). Organisational parents are in `parentId`, not here.
   */
  backedBy?: string[];
  /** One line describing who they are. */
  description?: string;
  /**
   * For an actor that ended on a date: the era-neutral names that outlived it ("Syrian army", "government
   * forces") and the actor they mean for events on or after `from`.
   */
  succession?: { from: string; to: string; aliases: string[] };
}

/** An actor name found in text. */
export interface ActorSpan {
  actorId: string;
  start: number;
  end: number;
  surface: string;
}

/** Read side of the actor registry. */
export interface ActorDirectory {
  get(id: string): Actor | undefined;
  lookup(query: string): Actor[];
  suggest(query: string, limit: number): Actor[];
  complete(prefix: string, limit: number): Actor[];
  findMentions(text: string): ActorSpan[];
  /** Parent, children and related actors (both directions). */
  related(id: string): Actor[];
  all(): Iterable<Actor>;
}
