import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/core/errors.js';
import {
  currentSlot,
  formatOffset,
  localDayWindow,
  nextSlot,
  parseDigestTime,
  resolveTimeZone,
  slotInstant,
} from '../../src/digest/time.js';

function userErrorOf(fn: () => unknown): { code: string; message: string } | undefined {
  try {
    fn();
  } catch (err) {
    if (isUserError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  return undefined;
}

describe('parseDigestTime', () => {
  it.each([
    ['07:30', '07:30'],
    ['7:30', '07:30'],
    [' 23:59 ', '23:59'],
    ['00:00', '00:00'],
  ])('%j -> %s', (input, expected) => expect(parseDigestTime(input)).toBe(expected));

  it.each(['24:00', '7:5', '0730', '7am', '', '12:60'])('%j is refused with a message naming it', (input) => {
    const err = userErrorOf(() => parseDigestTime(input));
    expect(err?.code).toBe('bad-time');
    expect(err?.message).toContain(`"${input.trim()}"`);
    expect(err?.message).toContain('HH:MM');
  });
});

describe('resolveTimeZone', () => {
  it.each([
    ['Europe/London', 'Europe/London'],
    ['europe/london', 'Europe/London'],
    ['Asia/Damascus', 'Asia/Damascus'],
    ['UTC', 'UTC'],
  ])('%j -> %s', (input, expected) => expect(resolveTimeZone(input)).toBe(expected));

  it.each([
    ['Europe/Lodnon', 'Did you mean Europe/London?'],
    ['Mars/Olympus', 'IANA name'],
    ['', 'IANA name'],
  ])('%j is refused (%s)', (input, hint) => {
    const err = userErrorOf(() => resolveTimeZone(input));
    expect(err?.code).toBe('bad-timezone');
    expect(err?.message).toContain(hint);
  });
});

describe('localDayWindow', () => {
  it.each([
    ['2026-11-23', 'Asia/Damascus', '2026-11-22T21:00:00.000Z', '2026-11-23T21:00:00.000Z'],
    ['2026-07-01', 'UTC', '2026-07-01T00:00:00.000Z', '2026-07-02T00:00:00.000Z'],
    ['2026-03-29', 'Europe/London', '2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z'],
    ['2026-10-25', 'Europe/London', '2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
  ])('%s in %s is [%s, %s)', (day, tz, from, to) => {
    const w = localDayWindow(day, tz);
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual([from, to]);
  });
});

describe('posting slots', () => {
  it.each([
    ['2026-11-24', '08:00', 'Asia/Damascus', '2026-11-24T05:00:00.000Z'],
    ['2026-03-29', '08:00', 'Europe/London', '2026-03-29T07:00:00.000Z'],
    ['2026-03-28', '08:00', 'Europe/London', '2026-03-28T08:00:00.000Z'],
    ['2026-10-25', '08:00', 'Europe/London', '2026-10-25T08:00:00.000Z'],
    // 01:30 does not exist on the spring-forward night: the slot is the moment the clocks jump.
    ['2026-03-29', '01:30', 'Europe/London', '2026-03-29T01:00:00.000Z'],
  ])('%s %s %s -> %s', (day, time, tz, expected) => {
    expect(slotInstant(day, time, tz).toISOString()).toBe(expected);
  });

  it.each([
    ['2026-11-24T04:59:00Z', '2026-11-23', '2026-11-24'],
    ['2026-11-24T05:00:00Z', '2026-11-24', '2026-11-25'],
    ['2026-11-24T21:30:00Z', '2026-11-24', '2026-11-25'],
    ['2026-11-25T05:30:00Z', '2026-11-25', '2026-11-26'],
  ])('at %s the current slot day is %s and the next is %s (08:00 Damascus)', (now, current, next) => {
    const sub = { time: '08:00', tz: 'Asia/Damascus' };
    expect(currentSlot(new Date(now), sub).day).toBe(current);
    expect(nextSlot(new Date(now), sub).day).toBe(next);
  });

  it.each([
    ['2026-11-24T00:00:00Z', 'Asia/Damascus', 'UTC+3'],
    ['2026-07-01T00:00:00Z', 'Europe/London', 'UTC+1'],
    ['2026-01-01T00:00:00Z', 'Europe/London', 'UTC'],
    ['2026-01-01T00:00:00Z', 'Asia/Kolkata', 'UTC+5:30'],
  ])('offset at %s in %s is %s', (at, tz, expected) => expect(formatOffset(new Date(at), tz)).toBe(expected));
});
