import { describe, expect, it } from 'vitest';
import { createRecentIds } from '../../../src/adapters/slack/recent-ids.js';
import { createFixedClock } from '../../../src/core/clock.js';

describe('createRecentIds', () => {
  it.each<[string, { advanceMs: number; ttlMs?: number; max?: number; between?: string[] }, boolean]>([
    ['the same id right away', { advanceMs: 0 }, true],
    ['the same id within the window', { advanceMs: 9 * 60_000 }, true],
    ['the same id after the window', { advanceMs: 10 * 60_000 }, false],
    ['with a short window', { advanceMs: 1_000, ttlMs: 500 }, false],
    ['after being pushed out by newer ids', { advanceMs: 0, max: 2, between: ['b', 'c'] }, false],
    ['while there is still room', { advanceMs: 0, max: 3, between: ['b'] }, true],
  ])('a repeat of %s counts as seen: %s', (_name, setup, expected) => {
    const clock = createFixedClock('2024-09-17T08:00:00Z');
    const ids = createRecentIds(clock, {
      ...(setup.ttlMs ? { ttlMs: setup.ttlMs } : {}),
      ...(setup.max ? { max: setup.max } : {}),
    });
    expect(ids.seenBefore('a')).toBe(false);
    for (const id of setup.between ?? []) ids.seenBefore(id);
    clock.advance(setup.advanceMs);
    expect(ids.seenBefore('a')).toBe(expected);
  });
});
