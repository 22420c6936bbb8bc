import type { Command } from '../src/core/command.js';
import { backedGroups } from '../src/extract/actors.js';
import { requireName } from '../src/search/present.js';
import type { EventView } from '../src/search/types.js';
import { pictureScope, withPictures } from './pictures.js';
import { APART_SHOWN, filterFrom, listReply, unresolvedReply } from './shared.js';

/** `/actor <name> [since:]`: what an armed actor has been doing, where and when. */
export const actorCommand = {
  name: 'actor',
  description:
    'What an armed actor has been doing, where and when (any name: IRGC, Revolutionary Guards, QSD...)',
  usage: '/actor <name> [since:7d|30d|YYYY-MM-DD] [type:battles|...]',
  examples: ['/actor hezbollah', '/actor Revolutionary Guards since:30d', '/actor SDF type:battles'],
  options: [
    {
      name: 'name',
      description: 'Actor or group, any common name or acronym',
      type: 'string',
      required: true,
      positional: true,
      autocomplete: 'actor',
      maxLength: 100,
    },
    {
      name: 'since',
      description: 'Only events since: 7d, 30d or a date like 2026-11-01',
      type: 'string',
      maxLength: 20,
    },
    { name: 'type', description: 'Only this kind of event', type: 'string', maxLength: 30 },
  ],
  async run(input, ctx) {
    const query = requireName(input.args.name, 'actor', '/actor hezbollah');
    const filter = filterFrom(input, ctx);
    const engine = ctx.services.engine;
    const resolution = engine.resolveActor(query);
    if (resolution.status !== 'found') {
      const place = resolution.status === 'unknown' ? engine.resolvePlace(query) : undefined;
      return unresolvedReply({
        command: 'actor',
        query,
        kind: 'actor',
        resolution,
        label: (a) => a.name,
        otherKind: place?.status === 'found' ? { command: 'events', name: place.entity.name } : undefined,
      });
    }
    const actor = resolution.entity;
    // The actor's own events (its units included) first, then those of the groups it backs, apart.
    const backed = backedGroups(engine.actors, actor.id);
    const events = engine.eventsForActor(actor.id, filter);
    // The groups it backs answer apart: listed after its own, never counted as its own. Only the newest few
    // are shown unless every item is asked for (--all), so only those are fetched.
    const backedIds = backed.map((b) => b.id);
    let backedEvents: EventView[] = [];
    let backedTotal = 0;
    if (backed.length && ctx.page.limit !== null && engine.newestForActors) {
      const part = engine.newestForActors(backedIds, APART_SHOWN, filter, actor.id);
      backedEvents = part.newest;
      backedTotal = part.total;
    } else if (backed.length && engine.eventsForActors) {
      const own = new Set(events);
      backedEvents = engine.eventsForActors(backedIds, filter).filter((e) => !own.has(e));
      backedTotal = backedEvents.length;
    }
    const related = engine.actors.related(actor.id);
    const children = related.filter((r) => r.parentId === actor.id);
    const others = related.filter((r) => r.parentId !== actor.id);
    const notes: string[] = [];
    if (children.length) notes.push(`Includes ${children.map((c) => c.name).join(', ')}.`);
    if (backedTotal)
      notes.push(
        `Groups it backs (${backed
          .slice(0, 4)
          .map((b) => b.name)
          .join(', ')}${backed.length > 4 ? ', …' : ''}) have ${backedTotal} more, listed apart.`,
      );
    if (others.length)
      notes.push(
        `Related: ${others
          .slice(0, 6)
          .map((r) => r.name)
          .join(', ')}.`,
      );
    const reply = listReply({
      command: 'actor',
      query,
      title: `${actor.name}${actor.acledName && actor.acledName !== actor.name ? ` (${actor.acledName})` : ''}`,
      events,
      ...(backedTotal
        ? {
            apart: {
              label: `Groups ${actor.name} backs`,
              events: backedEvents,
              total: backedTotal,
              actors: backed,
            },
          }
        : {}),
      subject: actor.name,
      unfiltered: () => engine.eventsForActor(actor.id),
      filter,
      ctx,
      resolved: { kind: 'actor', id: actor.id, name: actor.name, within: [] },
      focus: 'places',
      ...(notes.length ? { extraSummary: notes.join(' ') } : {}),
      emptyHint: `Nothing recorded for ${actor.name} yet.${
        others.length
          ? ` Related actors: ${others
              .slice(0, 3)
              .map((r) => r.name)
              .join(', ')}.`
          : ''
      }`,
      choices: others.slice(0, 3).map((r) => ({ label: `/actor ${r.name}`, command: `/actor ${r.name}` })),
    });
    // Pictures show the actor's own incidents ("involving Hezbollah"), not those of the groups it backs.
    const scope = pictureScope({ subject: actor, kind: 'actor', query, filter, ctx });
    return withPictures(reply, { events, scope, ctx });
  },
} satisfies Command;
