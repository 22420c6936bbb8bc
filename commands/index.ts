import type { Command } from '../src/core/command.js';
import { actorCommand } from './actor.js';
import { digestCommand } from './digest.js';
import { eventsCommand } from './events.js';
import { exportCommand } from './export.js';
import { createHelpCommand } from './help.js';
import { latestCommand } from './latest.js';
import { mapCommand } from './map.js';
import { searchCommand } from './search.js';
import { sourcesCommand } from './sources.js';
import { trendCommand } from './trend.js';
import { watchCommand } from './watch.js';
import { whoisCommand } from './whois.js';

/**
 * The one list of slash commands. Every adapter and the Discord registration script read this list, so what
 * is registered and what runs cannot drift.
 */
export const commands: readonly Command[] = [
  eventsCommand,
  actorCommand,
  mapCommand,
  trendCommand,
  searchCommand,
  whoisCommand,
  exportCommand,
  latestCommand,
  digestCommand,
  watchCommand,
  sourcesCommand,
  createHelpCommand(() => commands),
];
