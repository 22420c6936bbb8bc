/** Log levels in increasing severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logger. Fields are serialised as JSON; values named like secrets are redacted. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /token|secret|password|authorization|signature/i;

/** Values that must never be printed, even when they turn up inside a message or an error. */
const knownSecrets = new Set<string>();

/** Register secret values (tokens) so any log line containing them is scrubbed. */
export function registerSecrets(values: Iterable<string | undefined>): void {
  for (const v of values) if (v && v.length >= 6) knownSecrets.add(v);
}

/** Replace registered secret values and token-looking strings in `text`. */
export function redact(text: string): string {
  let out = text;
  for (const s of knownSecrets) out = out.split(s).join('[redacted]');
  return out.replace(/\b(xox[abpr]|xapp)-[A-Za-z0-9-]+/g, '[redacted]');
}

function serialise(fields: Record<string, unknown>): string {
  return JSON.stringify(fields, (key, value) => {
    if (key && SECRET_KEY.test(key) && typeof value === 'string') return '[redacted]';
    if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
    return value;
  });
}

/**
 * A line-oriented logger writing to `sink` (stderr by default) so stdout stays free for answers.
 */
export function createLogger(
  options: { level?: LogLevel; sink?: (line: string) => void; base?: Record<string, unknown> } = {},
): Logger {
  const min = ORDER[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = options.base ?? {};
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const all = { ...base, ...fields };
    const extra = Object.keys(all).length ? ` ${serialise(all)}` : '';
    sink(redact(`${new Date().toISOString()} ${level.toUpperCase()} ${msg}${extra}`));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

/** A logger that remembers lines; for tests. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (l) => lines.push(l) });
  return Object.assign(logger, { lines });
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ sink: () => {} });
