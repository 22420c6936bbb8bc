import type { Command, CommandContext, CommandInput } from '../src/core/command.js';
import type { Reply, ReplyImageKind } from '../src/core/reply.js';
import type { Actor, Place } from '../src/extract/types.js';
import type { PictureScope } from '../src/pictures/index.js';
import { requireName } from '../src/search/present.js';
import type { EventFilter, EventView } from '../src/search/types.js';
import { describeFilter, filterFrom, unresolvedReply } from './shared.js';

const ARABIC_SCRIPT = /[\u0600-\u06ff]/;
const BOTH: readonly ReplyImageKind[] = ['map', 'timeline'];

/** Labels in Arabic when the asker typed the name in Arabic script. */
export function labelLanguage(query: string): 'en' | 'ar' {
  return ARABIC_SCRIPT.test(query) ? 'ar' : 'en';
}

/** The scope of an answer's pictures: its subject, and the period (up to today when `since:` is given). */
export function pictureScope(args: {
  subject: Place | Actor;
  kind: 'place' | 'actor';
  query: string;
  filter: EventFilter;
  ctx: CommandContext;
}): PictureScope {
  const arabic = 'arabic' in args.subject ? args.subject.arabic : undefined;
  return {
    subjectKind: args.kind,
    subject: args.subject.name,
    ...(arabic ? { subjectArabic: arabic } : {}),
    ...(args.filter.since
      ? { since: args.filter.since, until: args.ctx.clock.now().toISOString().slice(0, 10) }
      : {}),
    language: labelLanguage(args.query),
  };
}

/**
 * Attach an answer's pictures: always say which it can have (`imageKinds`, for Slack's buttons); draw the
 * ones the context asks for on the first page. A picture that cannot be drawn leaves a sentence in the
 * footer instead of a blank image.
 */
export function withPictures(
  reply: Reply,
  args: { events: readonly EventView[]; scope: PictureScope; ctx: CommandContext },
): Reply {
  const { ctx } = args;
  const renderer = ctx.services.pictures;
  if (!renderer || reply.tone !== 'answer' || !args.events.some((e) => e.eventType !== null)) return reply;
  const wanted = ctx.page.offset === 0 ? (ctx.images ?? []) : [];
  if (!wanted.length) return { ...reply, imageKinds: [...BOTH] };
  const drawn = renderer.draw({
    kinds: wanted,
    events: args.events,
    places: ctx.services.engine.places,
    scope: args.scope,
  });
  for (const err of drawn.failures)
    ctx.logger.error('picture failed', { error: err instanceof Error ? err.stack : String(err) });
  const footer = [reply.footer, ...drawn.notes].filter(Boolean).join('\n');
  return {
    ...reply,
    imageKinds: [...BOTH],
    ...(drawn.images.length ? { images: drawn.images } : {}),
    ...(footer ? { footer } : {}),
  };
}

/** `/map` and `/trend`: just the picture of a place's or an actor's incidents. */
export function createPictureCommand(kind: ReplyImageKind): Command {
  const name = kind === 'map' ? 'map' : 'trend';
  const what = kind === 'map' ? 'A map of where' : 'A timeline of how many';
  return {
    name,
    description: `${what} incidents happened, for a place or an actor`,
    usage: `/${name} <place or actor> [since:7d|30d|YYYY-MM-DD]`,
    examples: [`/${name} Deir ez-Zor since:30d`, `/${name} hezbollah`, `/${name} البوكمال`],
    options: [
      {
        name: 'name',
        description: 'Place (town, district, governorate, site) or actor, any spelling',
        type: 'string',
        required: true,
        positional: true,
        autocomplete: 'place',
        maxLength: 100,
      },
      {
        name: 'since',
        description: 'Only incidents since: 7d, 30d or a date like 2026-11-01',
        type: 'string',
        maxLength: 20,
      },
    ],
    async run(input: CommandInput, ctx: CommandContext): Promise<Reply> {
      const query = requireName(input.args.name, 'place or actor', `/${name} Deir ez-Zor`);
      const filter = filterFrom(input, ctx);
      const engine = ctx.services.engine;
      const place = engine.resolvePlace(query);
      const actor = place.status === 'found' ? undefined : engine.resolveActor(query);
      let events: EventView[];
      let scope: PictureScope;
      if (place.status === 'found') {
        events = engine.eventsForPlace(place.entity.id, filter);
        scope = pictureScope({ subject: place.entity, kind: 'place', query, filter, ctx });
      } else if (actor?.status === 'found') {
        events = engine.eventsForActor(actor.entity.id, filter);
        scope = pictureScope({ subject: actor.entity, kind: 'actor', query, filter, ctx });
      } else if (place.status === 'ambiguous') {
        return unresolvedReply({
          command: name,
          query,
          kind: 'place',
          resolution: place,
          label: (p) => engine.places.label(p.id),
        });
      } else {
        const choices = [
          ...(place.status === 'unknown' ? place.suggestions : []).map((p) => ({
            label: engine.places.label(p.id),
            command: `/${name} ${p.name}`,
          })),
          ...(actor?.status === 'unknown' ? actor.suggestions : []).map((a) => ({
            label: a.name,
            command: `/${name} ${a.name}`,
          })),
        ].slice(0, 5);
        return {
          tone: 'user-error',
          title: `I don't know a place or actor called "${query.length > 60 ? `${query.slice(0, 59)}…` : query}".${choices.length ? ` Did you mean ${choices[0]!.label}?` : ` Check the spelling, or try /search ${query}.`}`,
          sections: [],
          ...(choices.length ? { choices } : {}),
        };
      }
      const filterWords = describeFilter(filter);
      const title = `${kind === 'map' ? 'Map' : 'Timeline'}: ${scope.subject}${filterWords ? ` (${filterWords})` : ''}`;
      const renderer = ctx.services.pictures;
      if (!renderer)
        return { tone: 'info', title, summary: 'Pictures are not available on this bot.', sections: [] };
      const drawn = renderer.draw({ kinds: [kind], events, places: engine.places, scope });
      for (const err of drawn.failures)
        ctx.logger.error('picture failed', { error: err instanceof Error ? err.stack : String(err) });
      const image = drawn.images[0];
      if (!image)
        return {
          tone: 'empty',
          title,
          summary: drawn.notes.join(' ') || 'Nothing to draw.',
          sections: [],
        };
      return { tone: 'answer', title, summary: image.alt, sections: [], images: [image], imageKinds: [kind] };
    },
  };
}
