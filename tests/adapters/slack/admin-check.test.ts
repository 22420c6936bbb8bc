import { describe, expect, it } from 'vitest';
import { createAdminCheck, type SlackUserRoles } from '../../../src/adapters/slack/admin-check.js';
import { createFixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/logger.js';

function setup(roles: Record<string, SlackUserRoles | Error>, adminUsers: string[] = []) {
  const clock = createFixedClock('2024-09-17T08:00:00Z');
  const logger = createMemoryLogger();
  const lookups: string[] = [];
  const check = createAdminCheck({
    adminUsers,
    clock,
    logger,
    lookup: async (user) => {
      lookups.push(user);
      const r = roles[user];
      if (r instanceof Error) throw r;
      return r;
    },
  });
  return { check, clock, logger, lookups };
}

describe('createAdminCheck', () => {
  it.each<[string, SlackUserRoles | undefined, boolean]>([
    ['workspace admin', { is_admin: true }, true],
    ['workspace owner', { is_owner: true }, true],
    ['primary owner', { is_primary_owner: true }, true],
    ['plain member', { is_admin: false, is_owner: false }, false],
    ['unknown user', undefined, false],
  ])('%s -> %s', async (_name, roles, expected) => {
    const { check } = setup(roles ? { U1: roles } : {});
    expect(await check('U1')).toBe(expected);
  });

  it('trusts configured admin users without a lookup', async () => {
    const { check, lookups } = setup({}, ['U9']);
    expect(await check('U9')).toBe(true);
    expect(lookups).toEqual([]);
  });

  it('caches a lookup until it expires', async () => {
    const { check, clock, lookups } = setup({ U1: { is_admin: true } });
    await check('U1');
    await check('U1');
    expect(lookups).toEqual(['U1']);
    clock.advance(11 * 60_000);
    await check('U1');
    expect(lookups).toEqual(['U1', 'U1']);
  });

  it('treats a failed lookup as not admin, logs it, and asks again next time', async () => {
    const { check, logger, lookups } = setup({ U1: new Error('ratelimited') });
    expect(await check('U1')).toBe(false);
    expect(await check('U1')).toBe(false);
    expect(lookups).toEqual(['U1', 'U1']);
    expect(logger.lines.some((l) => l.includes('admin lookup failed') && l.includes('ratelimited'))).toBe(
      true,
    );
  });
});
