import type { Logger } from '../core/logger.js';
import type { Reply, ReplyImage } from '../core/reply.js';
import type { PictureRenderer } from '../pictures/index.js';
import { shortDate } from '../pictures/timeline.js';
import type { EventView, QueryEngine } from '../search/types.js';
import type { DigestDocument } from './compose.js';
import { shiftDay } from './time.js';

/** How the renderer's notes begin when no picture can be drawn at all (a font file is missing). */
const UNAVAILABLE = 'Pictures are unavailable';

/** Days in each governorate's digest timeline, the digest's day last. */
export const DIGEST_TIMELINE_DAYS = 14;

/** A digest's pictures, and a sentence for each that could not be drawn (for the post's footer). */
export interface DigestPictures {
  images: ReplyImage[];
  notes: string[];
}

/**
 * The pictures of a digest, drawn through the same {@link PictureRenderer} the commands use: one map of the
 * day's incidents (the typed events of the reports published that day, as listed in the digest), then, for
 * each governorate with incidents that day (busiest first, as in the digest), its incidents per day over the
 * {@link DIGEST_TIMELINE_DAYS} days ending on the digest's day. Mentions are not incidents and are not drawn.
 * A picture that cannot be drawn leaves a note; a bug in the renderer is logged and leaves a note too, so the
 * digest itself is always posted.
 */
export function drawDigestPictures(
  doc: DigestDocument,
  deps: {
    engine: Pick<QueryEngine, 'eventsForPlace' | 'places'>;
    renderer: PictureRenderer;
    logger?: Logger;
  },
): DigestPictures {
  const { engine, renderer, logger } = deps;
  const result: DigestPictures = { images: [], notes: [] };
  const dayEvents: EventView[] = doc.groups.flatMap((g) => g.places.flatMap((p) => p.events));
  if (!dayEvents.length) return result;
  const keep = (drawn: ReturnType<PictureRenderer['draw']>) => {
    result.images.push(...drawn.images);
    for (const note of drawn.notes) if (!result.notes.includes(note)) result.notes.push(note);
    for (const err of drawn.failures)
      logger?.error('digest picture failed', { error: err instanceof Error ? err.stack : String(err) });
  };

  keep(
    renderer.draw({
      kinds: ['map'],
      events: dayEvents,
      places: engine.places,
      scope: {
        subjectKind: 'area',
        subject: 'Syria and the region',
        period: `reported on ${shortDate(doc.day, true)}`,
        fileStem: `digest-${doc.day}`,
        language: 'en',
      },
    }),
  );

  const since = shiftDay(doc.day, -(DIGEST_TIMELINE_DAYS - 1));
  for (const group of doc.groups) {
    // A missing font fails every picture the same way: one note says it, and the rest are not attempted.
    if (result.notes.some((n) => n.startsWith(UNAVAILABLE))) break;
    if (!group.governorateId || !group.governorate) continue;
    keep(
      renderer.draw({
        kinds: ['timeline'],
        events: engine.eventsForPlace(group.governorateId, { since, until: doc.day }),
        places: engine.places,
        scope: {
          subjectKind: 'place',
          subject: group.governorate,
          since,
          until: doc.day,
          period: `over the ${DIGEST_TIMELINE_DAYS} days to ${shortDate(doc.day, true)}`,
          fileStem: `${slugOf(group.governorateId)}-${doc.day}`,
          language: 'en',
        },
      }),
    );
  }
  return result;
}

/** `gov-deir-ez-zor` -> `deir-ez-zor`: governorate ids are already file-name safe apart from their prefix. */
function slugOf(id: string): string {
  return (
    id
      .replace(/^gov-/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'governorate'
  );
}

/**
 * The digest's messages with its pictures on the first one (where the headline is), and the notes of pictures
 * that could not be drawn added to that message's footer. Pure.
 */
export function withDigestPictures(replies: Reply[], pictures: DigestPictures): Reply[] {
  const [first, ...rest] = replies;
  if (!first || (!pictures.images.length && !pictures.notes.length)) return replies;
  const footer = [first.footer, ...pictures.notes].filter(Boolean).join('\n');
  return [
    {
      ...first,
      // No imageKinds: those offer Slack buttons that re-run a command, and a digest has none to re-run.
      ...(pictures.images.length ? { images: pictures.images } : {}),
      ...(footer ? { footer } : {}),
    },
    ...rest,
  ];
}
