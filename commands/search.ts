import type { Command } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { tokenizeWords } from '../src/extract/normalize.js';
import { filterFrom, listReply } from './shared.js';

/** `/search <words> [since:] [type:]`: full-text search over event sentences and report titles. */
export const searchCommand = {
  name: 'search',
  description: 'Search event sentences and report titles (tolerates misspellings)',
  usage: '/search <words> [since:7d|30d|YYYY-MM-DD] [type:battles|...]',
  examples: ['/search drone attack', '/search military exercises since:30d', '/search Koniko'],
  options: [
    {
      name: 'query',
      description: 'Words to look for',
      type: 'string',
      required: true,
      positional: true,
      maxLength: 150,
    },
    {
      name: 'since',
      description: 'Only events since: 7d, 30d or a date like 2026-11-01',
      type: 'string',
      maxLength: 20,
    },
    { name: 'type', description: 'Only this kind of event', type: 'string', maxLength: 30 },
  ],
  async run(input, ctx) {
    const query = typeof input.args.query === 'string' ? input.args.query.trim() : '';
    if (!query)
      throw new UserError('missing-query', 'What should I search for? For example: /search drone attack');
    if (!tokenizeWords(query).some((t) => /\p{L}|\d/u.test(t))) {
      throw new UserError('bad-query', 'That search has no words in it. For example: /search drone attack');
    }
    const filter = filterFrom(input, ctx);
    const events = ctx.services.engine.search(query, filter);
    return listReply({
      command: 'search',
      query,
      title: `Search: ${query}`,
      events,
      filter,
      ctx,
      resolved: null,
      focus: 'both',
      unfiltered: () => ctx.services.engine.search(query),
      ...(ctx.services.engine.isNewestFirst?.(events)
        ? { extraSummary: 'These words appear in very many reports, so matches are listed newest first.' }
        : {}),
      emptyHint: 'Try fewer or different words, another spelling, or /events <place> and /actor <name>.',
    });
  },
} satisfies Command;
