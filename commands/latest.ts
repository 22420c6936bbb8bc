import type { Command } from '../src/core/command.js';
import { type AskResult, eventLine, summarizeEvents, toAskItem } from '../src/search/present.js';

/** `/latest [count]`: the most recent events everywhere. */
export const latestCommand = {
  name: 'latest',
  description: 'The most recent events, newest first',
  usage: '/latest [count]',
  examples: ['/latest', '/latest 20'],
  options: [
    { name: 'count', description: 'How many events (1-50, default 10)', type: 'integer', min: 1, max: 50 },
  ],
  async run(input, ctx) {
    const count = typeof input.args.count === 'number' ? input.args.count : 10;
    const wanted = ctx.page.limit === null ? count : Math.min(count, ctx.page.offset + ctx.page.limit);
    const all = ctx.services.engine.latest(count);
    const items = all.slice(ctx.page.offset, wanted);
    const summary = all.length
      ? summarizeEvents(all, 'both', ctx.services.engine.countEvents?.(all))
      : 'No events have been ingested yet.';
    const data: AskResult = {
      command: 'latest',
      query: String(count),
      resolved: null,
      total: all.length,
      summary,
      items: items.map(toAskItem),
      suggestions: [],
    };
    const paged = ctx.page.limit !== null && all.length > ctx.page.limit;
    return {
      tone: all.length ? 'answer' : 'empty',
      title: `Latest ${all.length} event${all.length === 1 ? '' : 's'}`,
      summary,
      sections: items.length ? [{ lines: items.map((e) => eventLine(e)) }] : [],
      ...(paged
        ? { paging: { offset: ctx.page.offset, limit: ctx.page.limit ?? all.length, total: all.length } }
        : {}),
      data,
    };
  },
} satisfies Command;
