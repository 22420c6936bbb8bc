import { parseArgs } from 'node:util';
import { renderText } from '../adapters/console/render-text.js';
import type { Clock } from '../core/clock.js';
import { isUserError } from '../core/errors.js';
import type { QueryEngine } from '../search/types.js';
import { composeDigest, type DigestLimits, renderDigest, toDigestJson } from './compose.js';
import { collectDigestInput, parseDigestDate } from './digest-service.js';
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
  deps.out(
    renderDigest(doc, deps.limits)
      .map((reply) => renderText(reply))
      .join('\n\n'),
  );
  return 0;
}
