import { rename } from 'node:fs/promises';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../core/atomic-file.js';
import type { ChannelTarget, DigestSubscription } from '../core/services.js';

/** File name of the subscriptions inside the data dir. */
export const SUBSCRIPTIONS_FILE = 'digest-subscriptions.json';

const subscriptionSchema = z.object({
  platform: z.enum(['slack', 'discord']),
  channelId: z.string().min(1),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  tz: z.string().min(1),
  createdBy: z.string().optional(),
  createdAt: z.string().min(1),
});

const fileSchema = z.object({
  version: z.literal(1),
  subscriptions: z.array(subscriptionSchema),
});

/** How loading went. A corrupt file has been moved to `backup` and the store starts empty. */
export type SubscriptionLoad =
  | { status: 'missing' | 'ok'; count: number }
  | { status: 'corrupt'; count: 0; error: string; backup: string };

/** Command-made digest subscriptions, persisted as one JSON file. */
export interface SubscriptionStore {
  load(): Promise<SubscriptionLoad>;
  list(): DigestSubscription[];
  get(target: ChannelTarget): DigestSubscription | undefined;
  /** Add or replace the subscription of `sub`'s channel; resolves once it is on disk. */
  put(sub: DigestSubscription): Promise<void>;
  /** Remove the channel's subscription; false when there was none. */
  remove(target: ChannelTarget): Promise<boolean>;
}

function sameChannel(a: ChannelTarget, b: ChannelTarget): boolean {
  return a.platform === b.platform && a.channelId === b.channelId;
}

/**
 * Open the subscriptions file. Writes are atomic (temporary file, fsync, rename) and one at a time; memory
 * changes only after the file has been written, so a failed write leaves both as they were.
 */
export function createSubscriptionStore(file: string, options: { now: () => Date }): SubscriptionStore {
  let subs: DigestSubscription[] = [];
  let queue: Promise<void> = Promise.resolve();

  function save(change: (current: DigestSubscription[]) => DigestSubscription[]): Promise<void> {
    const run = queue.then(async () => {
      const next = change(subs);
      const body = { version: 1, subscriptions: next.map(({ fromConfig: _, ...s }) => s) };
      await writeFileAtomic(file, `${JSON.stringify(body, null, 2)}\n`);
      subs = next;
    });
    queue = run.catch(() => {});
    return run;
  }

  return {
    async load() {
      const read = await readJsonFile<unknown>(file, options.now());
      if (read.status === 'missing') {
        subs = [];
        return { status: 'missing', count: 0 };
      }
      if (read.status === 'corrupt') {
        subs = [];
        return { status: 'corrupt', count: 0, error: read.error, backup: read.backup };
      }
      const parsed = fileSchema.safeParse(read.value);
      if (!parsed.success) {
        // Valid JSON of the wrong shape is as unusable as a torn file: keep it aside rather than overwrite it.
        const backup = `${file}.corrupt-${options.now().toISOString().replace(/[:.]/g, '-')}`;
        await rename(file, backup);
        subs = [];
        const issue = parsed.error.issues[0];
        return {
          status: 'corrupt',
          count: 0,
          error: issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : 'unexpected content',
          backup,
        };
      }
      subs = parsed.data.subscriptions.map((s) => ({ ...s }) as DigestSubscription);
      return { status: 'ok', count: subs.length };
    },
    list: () => subs.map((s) => ({ ...s })),
    get(target) {
      const found = subs.find((s) => sameChannel(s, target));
      return found ? { ...found } : undefined;
    },
    put(sub) {
      return save((current) => [...current.filter((s) => !sameChannel(s, sub)), { ...sub }]);
    },
    async remove(target) {
      if (!subs.some((s) => sameChannel(s, target))) return false;
      await save((current) => current.filter((s) => !sameChannel(s, target)));
      return true;
    },
  };
}
