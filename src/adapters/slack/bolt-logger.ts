import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

function format(parts: unknown[]): string {
  return parts
    .map((p) =>
      typeof p === 'string' ? p : p instanceof Error ? `${p.name}: ${p.message}` : JSON.stringify(p),
    )
    .join(' ');
}

/**
 * Route Bolt's and the Socket Mode client's log lines into our logger, so they get the same redaction of
 * tokens and the same sink. Bolt's debug lines (raw payloads) are dropped unless `level` is debug.
 */
export function toBoltLogger(logger: Logger, level: LogLevel = LogLevel.INFO): BoltLogger {
  let current = level;
  let name = 'slack';
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const on = (l: LogLevel) => order.indexOf(l) >= order.indexOf(current);
  return {
    debug: (...msg) => {
      if (on(LogLevel.DEBUG)) logger.debug(format(msg), { component: name });
    },
    info: (...msg) => {
      if (on(LogLevel.INFO)) logger.info(format(msg), { component: name });
    },
    warn: (...msg) => {
      if (on(LogLevel.WARN)) logger.warn(format(msg), { component: name });
    },
    error: (...msg) => {
      if (on(LogLevel.ERROR)) logger.error(format(msg), { component: name });
    },
    setLevel: (l) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n) => {
      name = n;
    },
  };
}
