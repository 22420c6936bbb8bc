import type { Command } from '../src/core/command.js';
import { createHelpCommand } from './help.js';

/**
 * The one list of slash commands. Every adapter and the Discord registration script read this list, so what
 * is registered and what runs cannot drift.
 */
export const commands: readonly Command[] = [createHelpCommand(() => commands)];
