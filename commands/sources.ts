import type { Command } from '../src/core/command.js';
import type { ReplyLine } from '../src/core/reply.js';
import type { SourceStatus } from '../src/core/services.js';
import { pageOf, pagingFooter } from '../src/search/present.js';

/** `3 min ago`, `2 h ago`, `4 days ago`; `in 5 min` for future times. */
export function relativeTime(iso: string, now: Date): string {
  const diff = Date.parse(iso) - now.getTime();
  if (Number.isNaN(diff)) return iso;
  const abs = Math.abs(diff);
  const minutes = Math.round(abs / 60_000);
  const amount =
    minutes < 1
      ? 'less than a minute'
      : minutes < 90
        ? `${minutes} min`
        : minutes < 48 * 60
          ? `${Math.round(minutes / 60)} h`
          : `${Math.round(minutes / 1440)} days`;
  return diff > 0 ? `in ${amount}` : `${amount} ago`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** One source as one line: name, URL, then its health. Pure. */
export function sourceLine(s: SourceStatus, now: Date): ReplyLine {
  const parts = [`every ${s.intervalMinutes} min`];
  if (s.lastSuccessAt) parts.push(`last fetched ${relativeTime(s.lastSuccessAt, now)}`);
  else if (s.lastPolledAt) parts.push('never fetched successfully');
  else parts.push('not polled yet');
  parts.push(`${s.reportsAdded} report${s.reportsAdded === 1 ? '' : 's'} added`);
  if (s.itemsLast24h !== undefined)
    parts.push(`${s.itemsLast24h} new item${s.itemsLast24h === 1 ? '' : 's'} in 24 h`);
  if (s.lastNewItemAt) parts.push(`last new item ${relativeTime(s.lastNewItemAt, now)}`);
  if (s.pausedUntil && Date.parse(s.pausedUntil) > now.getTime()) {
    parts.push(
      `paused until ${s.pausedUntil.slice(0, 16).replace('T', ' ')} UTC after ${s.consecutiveFailures} failures`,
    );
  } else {
    if (s.consecutiveFailures) parts.push(`failing (${s.consecutiveFailures} in a row)`);
    if (s.nextPollAt) parts.push(`next poll ${relativeTime(s.nextPollAt, now)}`);
  }
  if (s.lastError) parts.push(`last error: ${s.lastError}`);
  return { lead: s.name ?? hostOf(s.url), text: s.url, detail: parts.join(' · ') };
}

function health(s: SourceStatus, now: Date): 'paused' | 'failing' | 'ok' {
  if (s.pausedUntil && Date.parse(s.pausedUntil) > now.getTime()) return 'paused';
  return s.consecutiveFailures ? 'failing' : 'ok';
}

/** `/sources`: the configured feeds and how each is doing. Anyone may run it. */
export const sourcesCommand = {
  name: 'sources',
  description: 'The news feeds the bot reads, with when each was last fetched and any errors',
  usage: '/sources',
  examples: ['/sources'],
  options: [],
  async run(_input, ctx) {
    const feeds = ctx.services.feeds;
    const setup =
      'Desks list feed URLs in FEEDS (comma-separated) or in sources.json in the data directory, then restart the bot.';
    if (!feeds)
      return { tone: 'info', title: 'Live ingestion is not running here.', summary: setup, sections: [] };
    const statuses = feeds.list();
    if (!statuses.length)
      return { tone: 'empty', title: 'No sources are configured.', summary: setup, sections: [], data: [] };
    const now = ctx.clock.now();
    const counts = { ok: 0, failing: 0, paused: 0 };
    for (const s of statuses) counts[health(s, now)]++;
    const added = statuses.reduce((n, s) => n + s.reportsAdded, 0);
    // A feed that answers but has listed nothing new for a day may have moved or died quietly.
    const silent = statuses.filter((s) => s.itemsLast24h === 0 && s.lastSuccessAt).length;
    const summary = [
      `${statuses.length} source${statuses.length === 1 ? '' : 's'}: ${counts.ok} working`,
      counts.failing ? `${counts.failing} failing` : '',
      counts.paused ? `${counts.paused} paused` : '',
      silent ? `${silent} with nothing new in 24 h` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const page = pageOf(statuses, ctx);
    const footer = [
      pagingFooter(page.paging, page.items.length, statuses.length),
      counts.paused ? 'Paused sources are retried automatically when the pause ends.' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return {
      tone: 'answer',
      title: 'News sources',
      summary: `${summary}. ${added} report${added === 1 ? '' : 's'} added from feeds so far.`,
      sections: [{ lines: page.items.map((s) => sourceLine(s, now)) }],
      ...(footer ? { footer } : {}),
      ...(page.paging && page.paging.total > page.paging.limit ? { paging: page.paging } : {}),
      data: statuses,
    };
  },
} satisfies Command;
