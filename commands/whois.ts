import type { Command } from '../src/core/command.js';
import type { Reply, ReplyChoice, ReplyLine, ReplySection } from '../src/core/reply.js';
import { backedGroups } from '../src/extract/actors.js';
import type { Actor, Place } from '../src/extract/types.js';
import { requireName, truncate } from '../src/search/present.js';
import type { EventView, QueryEngine } from '../src/search/types.js';

const ARABIC = /[\u0600-\u06ff]/;

/** Other names of a place or actor, Latin and Arabic apart, without the display name. Pure. */
export function otherNames(name: string, aliases: readonly string[], arabic?: string): ReplyLine[] {
  const seen = new Set([name.toLowerCase()]);
  const unique = [...(arabic ? [arabic] : []), ...aliases].filter((a) => {
    const k = a.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const latin = unique.filter((a) => !ARABIC.test(a));
  const arabicNames = unique.filter((a) => ARABIC.test(a));
  const list = (xs: string[]) => truncate(xs.slice(0, 15).join(', ') + (xs.length > 15 ? ', …' : ''), 400);
  return [
    ...(latin.length ? [{ lead: 'Also written', text: list(latin) }] : []),
    ...(arabicNames.length ? [{ lead: 'Arabic', text: list(arabicNames) }] : []),
  ];
}

/** "12 events and 3 mentions". Pure. */
export function countWords(events: readonly EventView[]): string {
  const mentions = events.filter((e) => e.eventType === null).length;
  const typed = events.length - mentions;
  return `${typed} event${typed === 1 ? '' : 's'}${mentions ? ` and ${mentions} mention${mentions === 1 ? '' : 's'}` : ''}`;
}

function placeSection(engine: QueryEngine, place: Place, others: Place[]): ReplySection {
  const ancestors = engine.places.ancestors(place.id);
  const inside = engine.places.descendants(place.id).length - 1;
  const lines: ReplyLine[] = [
    { lead: 'Place', text: `${engine.places.label(place.id)}, ${place.kind}` },
    ...otherNames(place.name, place.aliases, place.arabic),
  ];
  if (ancestors.length)
    lines.push({ lead: 'Lies in', text: ancestors.map((a) => `${a.name} (${a.kind})`).join(', ') });
  if (inside > 0)
    lines.push({
      lead: 'Includes',
      text: `${inside} place${inside === 1 ? '' : 's'} inside it, counted in its answers`,
    });
  if (place.lat !== undefined && place.lon !== undefined)
    lines.push({ lead: 'Coordinates', text: `${place.lat.toFixed(4)}, ${place.lon.toFixed(4)}` });
  lines.push({ lead: 'Recorded', text: countWords(engine.eventsForPlace(place.id)) });
  const city = others.find((o) => o.kind === 'town' && o.name === place.name);
  if (place.kind === 'governorate' && city)
    lines.push({ lead: 'Narrower', text: `"${place.name} city" means the city alone` });
  if (others.length)
    lines.push({
      lead: 'Same name',
      text: others.map((o) => `${engine.places.label(o.id)} (${o.kind})`).join('; '),
    });
  return { heading: `/events answers for ${place.name}`, lines };
}

function actorSection(engine: QueryEngine, actor: Actor, others: Actor[]): ReplySection {
  const all = [...engine.actors.all()];
  const parent = actor.parentId ? engine.actors.get(actor.parentId) : undefined;
  const units = all.filter((a) => a.parentId === actor.id);
  const backers = (actor.backedBy ?? []).map((id) => engine.actors.get(id)?.name ?? id);
  const backed = backedGroups(engine.actors, actor.id);
  const lines: ReplyLine[] = [
    {
      lead: 'Actor',
      text: `${actor.name}${actor.acledName && actor.acledName !== actor.name ? ` (ACLED: ${actor.acledName})` : ''}`,
    },
    ...(actor.description ? [{ lead: 'Who', text: actor.description }] : []),
    ...otherNames(actor.name, actor.aliases),
  ];
  if (parent) lines.push({ lead: 'Belongs to', text: parent.name });
  if (units.length)
    lines.push({ lead: 'Includes', text: `${units.map((u) => u.name).join(', ')} (counted in its answers)` });
  if (backers.length) lines.push({ lead: 'Backed by', text: backers.join(', ') });
  if (backed.length)
    lines.push({
      lead: 'Backs',
      text: `${backed
        .slice(0, 8)
        .map((b) => b.name)
        .join(', ')}${backed.length > 8 ? ', …' : ''}`,
    });
  lines.push({ lead: 'Recorded', text: countWords(engine.eventsForActor(actor.id)) });
  if (others.length) lines.push({ lead: 'Same name', text: others.map((o) => o.name).join('; ') });
  return { heading: `/actor answers for ${actor.name}`, lines };
}

/** `/whois <name>`: what the bot understands by a name, and why an answer came out as it did. */
export const whoisCommand = {
  name: 'whois',
  description: 'What the bot understands by a name: place or actor, other names, where it lies, events',
  usage: '/whois <name>',
  examples: ['/whois hama', '/whois البوكمال', '/whois pasdaran'],
  options: [
    {
      name: 'name',
      description: 'A place or actor name, any spelling',
      type: 'string',
      required: true,
      positional: true,
      maxLength: 100,
    },
  ],
  ephemeral: true,
  async run(input, ctx): Promise<Reply> {
    const query = requireName(input.args.name, 'place or actor', '/whois hama');
    const engine = ctx.services.engine;
    const place = engine.resolvePlace(query);
    const actor = engine.resolveActor(query);
    const sections: ReplySection[] = [];
    const choices: ReplyChoice[] = [];
    if (place.status === 'found') {
      sections.push(placeSection(engine, place.entity, place.alsoMeans ?? []));
      choices.push({ label: `/events ${place.entity.name}`, command: `/events ${place.entity.name}` });
    } else if (place.status === 'ambiguous') {
      sections.push({
        heading: `Places called "${truncate(query, 40)}" (/events asks which one)`,
        lines: place.options.map((p) => ({
          text: `${engine.places.label(p.id)}, ${p.kind}`,
          detail: countWords(engine.eventsForPlace(p.id)),
        })),
      });
    }
    if (actor.status === 'found') {
      sections.push(actorSection(engine, actor.entity, actor.alsoMeans ?? []));
      choices.push({ label: `/actor ${actor.entity.name}`, command: `/actor ${actor.entity.name}` });
    } else if (actor.status === 'ambiguous') {
      sections.push({
        heading: `Actors called "${truncate(query, 40)}" (/actor asks which one)`,
        lines: actor.options.map((a) => ({ text: a.name, detail: countWords(engine.eventsForActor(a.id)) })),
      });
    }
    if (!sections.length) {
      const suggestions = [
        ...(place.status === 'unknown' ? place.suggestions.slice(0, 3).map((p) => p.name) : []),
        ...(actor.status === 'unknown' ? actor.suggestions.slice(0, 2).map((a) => a.name) : []),
      ];
      const shown = truncate(query, 60);
      return {
        tone: 'user-error',
        title: `I don't know a place or actor called "${shown}".${suggestions.length ? ` Did you mean ${suggestions[0]}?` : ` Try /search ${shown}.`}`,
        sections: [],
        choices: suggestions.map((n) => ({ label: n, command: `/whois ${n}` })),
      };
    }
    const both = place.status === 'found' && actor.status === 'found';
    return {
      tone: 'info',
      title: `"${truncate(query, 60)}"`,
      ...(both ? { summary: 'This name is both a place (for /events) and an actor (for /actor).' } : {}),
      sections,
      ...(choices.length ? { choices } : {}),
    };
  },
} satisfies Command;
