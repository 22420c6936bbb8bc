import type { Command } from '../src/core/command.js';
import { TYPE_CHOICES } from '../src/extract/event-types.js';
import type { Place } from '../src/extract/types.js';
import { requireName } from '../src/search/present.js';
import { pictureScope, withPictures } from './pictures.js';
import { filterFrom, listReply, unresolvedReply } from './shared.js';

/** `/events <place> [since:] [type:]`: what happened in a place and everywhere inside it. */
export const eventsCommand = {
  name: 'events',
  description: 'What happened in a place (towns, districts, governorates, bases), newest first',
  usage: '/events <place> [since:7d|30d|YYYY-MM-DD] [type:battles|explosions|...]',
  examples: [
    '/events bukamal',
    '/events Deir ez-Zor since:7d',
    '/events palmyra type:explosions',
    '/events البوكمال',
  ],
  options: [
    {
      name: 'place',
      description: 'Town, district, governorate or site, any spelling',
      type: 'string',
      required: true,
      positional: true,
      autocomplete: 'place',
      maxLength: 100,
    },
    {
      name: 'since',
      description: 'Only events since: 7d, 30d or a date like 2026-11-01',
      type: 'string',
      maxLength: 20,
    },
    { name: 'type', description: 'Only this kind of event', type: 'string', choices: [...TYPE_CHOICES] },
  ],
  async run(input, ctx) {
    const query = requireName(input.args.place, 'place', '/events bukamal');
    const filter = filterFrom(input, ctx);
    const engine = ctx.services.engine;
    const resolution = engine.resolvePlace(query);
    if (resolution.status !== 'found') {
      const actor = resolution.status === 'unknown' ? engine.resolveActor(query) : undefined;
      return unresolvedReply({
        command: 'events',
        query,
        kind: 'place',
        resolution,
        label: (p) => engine.places.label(p.id),
        otherKind: actor?.status === 'found' ? { command: 'actor', name: actor.entity.name } : undefined,
      });
    }
    const place = resolution.entity;
    const within = engine.places.ancestors(place.id).map((p) => p.name);
    const events = engine.eventsForPlace(place.id, filter);
    const kindWord =
      place.kind === 'town' || place.kind === 'site' ? '' : ` (${place.kind}, with the places inside it)`;
    const alsoMeans = (resolution.alsoMeans ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      within: engine.places.ancestors(p.id).map((a) => a.name),
    }));
    const otherReadings = (resolution.alsoMeans ?? []).map((p) => ({
      label: readingLabel(p, engine.places.label(p.id)),
      command: `/events ${otherReadingQuery(p, place, engine.places.label(p.id))}`,
    }));
    const readingNote = otherReadings.length
      ? `Also: ${otherReadings.map((o) => `${o.label} (${o.command})`).join('; ')}.`
      : '';
    const reply = listReply({
      command: 'events',
      query,
      title: `Events in ${engine.places.label(place.id)}`,
      events,
      filter,
      ctx,
      resolved: {
        kind: 'place',
        id: place.id,
        name: place.name,
        within,
        ...(alsoMeans.length ? { alsoMeans } : {}),
      },
      subject: place.name,
      unfiltered: () => engine.eventsForPlace(place.id),
      focus: place.kind === 'town' || place.kind === 'site' ? 'actors' : 'both',
      omitPlaceId: place.id,
      ...(kindWord || readingNote
        ? {
            extraSummary: [kindWord ? `Covers ${place.name}${kindWord}.` : '', readingNote]
              .filter(Boolean)
              .join(' '),
          }
        : {}),
      ...(otherReadings.length ? { choices: otherReadings } : {}),
      emptyHint: `Nothing recorded for ${place.name}${within.length ? ` (${within.join(', ')})` : ''} yet. Try a wider filter or /events ${within[within.length - 1] ?? 'Deir ez-Zor'}.`,
    });
    const scope = pictureScope({ subject: place, kind: 'place', query, filter, ctx });
    return withPictures(reply, { events, scope, ctx });
  },
} satisfies Command;

/**
 * What to type for another reading of a name: "<name> city" for the city beside its governorate, the
 * governorate's name for the governorate, else the place's label ("Al-Hamidiyah (Homs)").
 */
function otherReadingQuery(other: Place, chosen: Place, label: string): string {
  if (other.kind === 'town' && chosen.kind === 'governorate' && other.name === chosen.name)
    return `${other.name} city`;
  if (other.kind === 'governorate') return `${other.name} province`;
  return label;
}

/** A reading's label with its kind when the label does not say it already ("Abu Kamal District" needs no "(district)"). */
function readingLabel(p: Place, label: string): string {
  if (p.kind === 'town' || p.kind === 'site' || label.toLowerCase().includes(p.kind)) return label;
  return `${label} (${p.kind})`;
}
