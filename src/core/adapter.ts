import type { Clock } from './clock.js';
import type { Command, Services } from './command.js';
import type { Logger } from './logger.js';
import type { Reply } from './reply.js';

/** What every chat adapter receives. */
export interface AdapterDeps {
  commands: readonly Command[];
  services: Services;
  clock: Clock;
  logger: Logger;
}

/** A running connection to one chat platform. */
export interface ChatAdapter {
  readonly platform: 'slack' | 'discord';
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Post a reply into a channel (digest, watch alerts). Rejects when the platform refuses
   * (unknown channel, missing permission, rate limit) so callers can retry.
   */
  post(channelId: string, reply: Reply): Promise<void>;
}
