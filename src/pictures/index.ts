import type { PictureRenderer, PictureResult } from '../core/services.js';
import { buildMapSpec, buildTimelineSpec } from './aggregate.js';
import { isPictureError } from './errors.js';
import type { FontFiles } from './fonts.js';
import { renderMap } from './map.js';
import { renderTimeline } from './timeline.js';

/** The contract this implements (what commands see) is in src/core/services.ts. */
export type {
  PictureImage,
  PictureKind,
  PictureRenderer,
  PictureRequest,
  PictureResult,
  PictureScope,
} from '../core/services.js';
export { isPictureError, PictureError } from './errors.js';

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
