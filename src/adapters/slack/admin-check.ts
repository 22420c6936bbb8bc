import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';

/** The fields of a Slack `users.info` user that make someone an admin. */
export interface SlackUserRoles {
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

/** Options of {@link createAdminCheck}. */
export interface AdminCheckOptions {
  /** User ids configured as admins (`SLACK_ADMIN_USERS`); they never need a lookup. */
  adminUsers: readonly string[];
  /** Look a user up (`users.info`); may throw. */
  lookup(userId: string): Promise<SlackUserRoles | undefined>;
  clock: Clock;
  logger: Logger;
  /** How long a looked-up answer is trusted. Default 10 minutes. */
  ttlMs?: number;
}

/**
 * Decide whether a Slack user is an admin: configured admin users, else workspace admins and owners from
 * `users.info`, cached per user. A failed lookup counts as "not admin" and is not cached.
 */
export function createAdminCheck(options: AdminCheckOptions): (userId: string) => Promise<boolean> {
  const configured = new Set(options.adminUsers);
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const cache = new Map<string, { isAdmin: boolean; at: number }>();
  return async (userId) => {
    if (configured.has(userId)) return true;
    const now = options.clock.now().getTime();
    const hit = cache.get(userId);
    if (hit && now - hit.at < ttlMs) return hit.isAdmin;
    try {
      const roles = await options.lookup(userId);
      const isAdmin = Boolean(roles?.is_admin || roles?.is_owner || roles?.is_primary_owner);
      cache.set(userId, { isAdmin, at: now });
      return isAdmin;
    } catch (err) {
      options.logger.warn('slack admin lookup failed; treating user as not an admin', {
        user: userId,
        error: err instanceof Error ? err.message : String(err),
      });
      return false;
    }
  };
}
