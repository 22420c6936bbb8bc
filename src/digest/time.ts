import { DateTime, IANAZone } from 'luxon';
import { UserError } from '../core/errors.js';
import { levenshtein } from '../core/text-distance.js';

/** A local calendar day in a time zone, as the UTC instants that bound it: `[from, to)`. */
export interface LocalDayWindow {
  /** `YYYY-MM-DD`. */
  day: string;
  tz: string;
  /** Local midnight, UTC. */
  from: Date;
  /** The next local midnight, UTC. 23 or 25 hours after `from` on daylight-saving days. */
  to: Date;
}

const TIME_RE = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a `YYYY-MM-DD` string naming a real calendar day. */
export function isValidDay(day: string): boolean {
  return DAY_RE.test(day) && DateTime.fromISO(day, { zone: 'utc' }).isValid;
}

/**
 * Read a posting time written `HH:MM` or `H:MM` (24-hour) and return it as `HH:MM`.
 * Throws {@link UserError} `bad-time` naming the value otherwise.
 */
export function parseDigestTime(value: string): string {
  const m = TIME_RE.exec(value.trim());
  if (!m) {
    throw new UserError(
      'bad-time',
      `"${value.trim().slice(0, 20)}" is not a time I can use. Write it as 24-hour HH:MM, for example 07:30 or 18:00.`,
    );
  }
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/** True when `value` looks like a posting time (`7:30`, `07:30`). */
export function looksLikeTime(value: string): boolean {
  return /^\d{1,2}:\d{2}$/.test(value.trim());
}

function zoneNames(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/**
 * Check an IANA time zone name and return its canonical spelling (`europe/london` -> `Europe/London`).
 * Throws {@link UserError} `bad-timezone` naming the value, with the closest known zone when there is one.
 */
export function resolveTimeZone(value: string): string {
  const raw = value.trim();
  if (raw && IANAZone.isValidZone(raw)) {
    const known = zoneNames().find((z) => z.toLowerCase() === raw.toLowerCase());
    return known ?? new Intl.DateTimeFormat('en-GB', { timeZone: raw }).resolvedOptions().timeZone;
  }
  const shown = raw.slice(0, 40);
  const lower = raw.toLowerCase();
  const close = zoneNames()
    .map((z) => ({ z, d: levenshtein(z.toLowerCase(), lower) }))
    .filter(({ d }) => d <= 3)
    .sort((a, b) => a.d - b.d)[0];
  throw new UserError(
    'bad-timezone',
    `"${shown}" is not a time zone I know.${close ? ` Did you mean ${close.z}?` : ''} Use an IANA name such as Asia/Damascus or Europe/London.`,
  );
}

/** Today's date (`YYYY-MM-DD`) in `tz` at `now`. */
export function localToday(now: Date, tz: string): string {
  return DateTime.fromJSDate(now, { zone: tz }).toISODate()!;
}

/** The day before or after `day` (`delta` days), as `YYYY-MM-DD`. */
export function shiftDay(day: string, delta: number): string {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ days: delta }).toISODate()!;
}

/**
 * `[local midnight, next local midnight)` of `day` in `tz`, in UTC. Calendar arithmetic makes the
 * daylight-saving days 23 or 25 hours long. Where midnight itself is skipped, the day starts at the first
 * local time that exists.
 */
export function localDayWindow(day: string, tz: string): LocalDayWindow {
  if (!isValidDay(day)) throw new Error(`not a calendar day: ${day}`);
  const start = DateTime.fromISO(day, { zone: tz }).startOf('day');
  if (!start.isValid) throw new Error(`cannot place ${day} in time zone ${tz}`);
  const end = DateTime.fromISO(shiftDay(day, 1), { zone: tz }).startOf('day');
  return { day, tz, from: start.toJSDate(), to: end.toJSDate() };
}

/**
 * The instant on local `day` when the wall clock in `tz` first reads `time` (`HH:MM`) or later. When `time`
 * falls in a spring-forward gap, that is the moment the clocks jump (as croner fires then too).
 */
export function slotInstant(day: string, time: string, tz: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const candidate = DateTime.fromISO(day, { zone: tz }).set({
    hour: h,
    minute: m,
    second: 0,
    millisecond: 0,
  });
  if (candidate.hour === h && candidate.minute === m) return candidate.toJSDate();
  return candidate.startOf('hour').toJSDate();
}

/** The most recent posting slot at or before `now` for a `time` in `tz`: today's if it has passed, else yesterday's. */
export function currentSlot(now: Date, sub: { time: string; tz: string }): { day: string; at: Date } {
  const today = localToday(now, sub.tz);
  const at = slotInstant(today, sub.time, sub.tz);
  if (at.getTime() <= now.getTime()) return { day: today, at };
  const yesterday = shiftDay(today, -1);
  return { day: yesterday, at: slotInstant(yesterday, sub.time, sub.tz) };
}

/** The first posting slot strictly after `now`. */
export function nextSlot(now: Date, sub: { time: string; tz: string }): { day: string; at: Date } {
  const current = currentSlot(now, sub);
  const day = shiftDay(current.day, 1);
  return { day, at: slotInstant(day, sub.time, sub.tz) };
}

/** `23 Nov` (or `23 Nov 2026` with the year). */
export function formatDay(day: string, options: { year?: boolean } = {}): string {
  return DateTime.fromISO(day, { zone: 'utc' }).toFormat(options.year ? 'd LLL yyyy' : 'd LLL');
}

/** `UTC+3`, `UTC+1`, `UTC`: the offset of `tz` at `at`. */
export function formatOffset(at: Date, tz: string): string {
  const offset = DateTime.fromJSDate(at, { zone: tz }).offset;
  if (offset === 0) return 'UTC';
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hours = Math.floor(abs / 60);
  const minutes = abs % 60;
  return `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}
