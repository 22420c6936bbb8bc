import { describe, expect, it } from 'vitest';
import { createAnswerCache } from '../../../src/adapters/discord/answer-cache.js';
import { createFixedClock } from '../../../src/core/clock.js';

const session = (name: string) => ({ request: { name, text: '' }, choices: [] });

describe('createAnswerCache', () => {
  it('returns what was stored under a short url-safe key', () => {
    const cache = createAnswerCache({
      max: 10,
      ttlMs: 1000,
      clock: createFixedClock('2026-11-24T10:00:00Z'),
    });
    const key = cache.put(session('events'));
    expect(key).toMatch(/^[\w-]{8}$/);
    expect(cache.get(key)).toEqual(session('events'));
  });

  it('evicts the least recently used entry beyond max', () => {
    const cache = createAnswerCache({
      max: 2,
      ttlMs: 60_000,
      clock: createFixedClock('2026-11-24T10:00:00Z'),
    });
    const a = cache.put(session('a'));
    const b = cache.put(session('b'));
    cache.get(a);
    const c = cache.put(session('c'));
    expect(cache.size).toBe(2);
    expect(cache.get(b)).toBeUndefined();
    expect(cache.get(a)?.request?.name).toBe('a');
    expect(cache.get(c)?.request?.name).toBe('c');
  });

  it('forgets entries older than the ttl', () => {
    const clock = createFixedClock('2026-11-24T10:00:00Z');
    const cache = createAnswerCache({ max: 10, ttlMs: 1000, clock });
    const key = cache.put(session('a'));
    clock.advance(1001);
    expect(cache.get(key)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('gives unknown keys nothing', () => {
    const cache = createAnswerCache({
      max: 10,
      ttlMs: 1000,
      clock: createFixedClock('2026-11-24T10:00:00Z'),
    });
    expect(cache.get('nope')).toBeUndefined();
  });
});
