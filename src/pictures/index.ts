import type { PlaceDirectory } from '../extract/types.js';
import type { EventView } from '../search/types.js';
import { buildMapSpec, buildTimelineSpec, type PictureScope } from './aggregate.js';
import { isPictureError } from './errors.js';
import type { FontFiles } from './fonts.js';
import { renderMap } from './map.js';
import { renderTimeline } from './timeline.js';
import type { PictureImage, PictureKind } from './types.js';

export type { PictureScope } from './aggregate.js';
export { isPictureError, PictureError } from './errors.js';
export type { PictureImage, PictureKind } from './types.js';

/** What to draw: which pictures, of which events, about what. */
export interface PictureRequest {
  kinds: readonly PictureKind[];
  events: readonly EventView[];
  places: PlaceDirectory;
  scope: PictureScope;
}

/** The pictures drawn, and for each one that could not be, a sentence saying why. */
export interface PictureResult {
  images: PictureImage[];
  /** For the asker: `Nothing to draw: no incidents in Tartus since 1 Nov.` */
  notes: string[];
  /** Unexpected errors (bugs), for the caller to log; each also has a note. */
  failures: unknown[];
}

/** Draws maps and timelines. Commands get one through `Services.pictures`; tests pass their own. */
export interface PictureRenderer {
  draw(request: PictureRequest): PictureResult;
}

/** Options of {@link createPictureRenderer}. */
export interface PictureRendererOptions {
  /** Font files to register; default the bundled `@fontsource` Noto Sans and Noto Sans Arabic. */
  fonts?: FontFiles;
}

/**
 * The picture renderer: `@napi-rs/canvas` with `d3-geo` over `world-atlas` outlines, fonts from
 * `@fontsource`, nothing fetched at run time. See docs/decisions/0006-pictures.md.
 */
export function createPictureRenderer(options: PictureRendererOptions = {}): PictureRenderer {
  return {
    draw({ kinds, events, places, scope }) {
      const result: PictureResult = { images: [], notes: [], failures: [] };
      for (const kind of kinds) {
        try {
          result.images.push(
            kind === 'map'
              ? renderMap(buildMapSpec(events, places, scope), options.fonts)
              : renderTimeline(buildTimelineSpec(events, scope), options.fonts),
          );
        } catch (err) {
          if (isPictureError(err)) {
            if (!result.notes.includes(err.message)) result.notes.push(err.message);
          } else {
            result.failures.push(err);
            result.notes.push(`The ${kind} could not be drawn because of an error on our side.`);
          }
        }
      }
      return result;
    },
  };
}
