import { parseArgs } from 'node:util';
import type { Clock } from '../core/clock.js';
import { isUserError } from '../core/errors.js';
import type { PictureRenderer } from '../pictures/index.js';
import { saveImages } from '../render/save-images.js';
import { renderText } from '../render/text.js';
import type { QueryEngine } from '../search/types.js';
import { composeDigest, type DigestLimits, renderDigest, toDigestJson } from './compose.js';
import { collectDigestInput, parseDigestDate } from './digest-service.js';
import { drawDigestPictures, withDigestPictures } from './pictures.js';
import { localToday, resolveTimeZone } from './time.js';

/** What `npm run cli -- digest` needs. */
export interface DigestCliDeps {
  engine: QueryEngine;
  /** Writes one block of output (a newline is added by the caller's writer). */
  out: (s: string) => void;
  /** Error messages; defaults to `out`. */
  err?: (s: string) => void;
  clock: Clock;
  defaults: { time: string; tz: string };
  limits?: Partial<DigestLimits>;
  /**
   * With both, the text output also draws the digest's map and governorate timelines and writes them under
   * `imagesDir` (`DATA_DIR/images/`), printing their paths as the console does. `--json` draws nothing.
   */
  pictures?: PictureRenderer;
  imagesDir?: string;
}

const USAGE = 'Usage: npm run cli -- digest [--date YYYY-MM-DD] [--tz ZONE] [--json] [--data-dir DIR]';

/**
 * Print the digest of one local day: the messages that would be posted, as plain text, or with `--json` one
 * JSON object naming every event's report and link. Resolves to the exit code (2 for bad arguments).
 */
export async function runDigestCli(argv: string[], deps: DigestCliDeps): Promise<number> {
  const err = deps.err ?? deps.out;
  let values: { date?: string; tz?: string; json?: boolean };
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { date: { type: 'string' }, tz: { type: 'string' }, json: { type: 'boolean' } },
    }).values;
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  let tz: string;
  let day: string;
  try {
    tz = resolveTimeZone(values.tz ?? deps.defaults.tz);
    day = values.date === undefined ? localToday(deps.clock.now(), tz) : parseDigestDate(values.date);
  } catch (e) {
    if (!isUserError(e)) throw e;
    err(`${e.message}\n${USAGE}`);
    return 2;
  }
  const doc = composeDigest(
    collectDigestInput(deps.engine, { day, tz, now: deps.clock.now() }),
    deps.engine.places,
  );
  if (values.json) {
    deps.out(JSON.stringify(toDigestJson(doc)));
    return 0;
  }
  let replies = renderDigest(doc, deps.limits);
  const { pictures, imagesDir } = deps;
  if (pictures && imagesDir)
    replies = withDigestPictures(
      replies,
      drawDigestPictures(doc, { engine: deps.engine, renderer: pictures }),
    );
  const texts: string[] = [];
  for (const reply of replies) {
    let imagePaths: { path: string; alt: string }[] = [];
    if (imagesDir && reply.images?.length) {
      try {
        imagePaths = await saveImages(imagesDir, reply.images, deps.clock.now());
      } catch (e) {
        // A read-only data dir still gets its digest; only the picture files are missing.
        err(`Pictures could not be written to ${imagesDir}: ${(e as Error).message}`);
      }
    }
    texts.push(renderText(reply, { imagePaths }));
  }
  deps.out(texts.join('\n\n'));
  return 0;
}
