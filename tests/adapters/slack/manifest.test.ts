import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface ManifestCommand {
  command: string;
  description: string;
  usage_hint?: string;
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'slack-manifest.json'), 'utf8')) as {
  features: { slash_commands: ManifestCommand[]; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean } };
};

/** Commands in the list that are deliberately not registered in Slack (none today). */
const NOT_IN_MANIFEST: string[] = [];

const manifestNames = manifest.features.slash_commands.map((c) => c.command.replace(/^\//, ''));
const listNames = commands.map((c) => c.name);

/** The usage hint Slack shows after the command name: the command's usage without its leading `/name`. */
function hintFor(usage: string, name: string): string | undefined {
  const hint = usage.startsWith(`/${name}`) ? usage.slice(name.length + 1).trim() : usage.trim();
  return hint || undefined;
}

describe('slack-manifest.json', () => {
  it.each(listNames.filter((n) => !NOT_IN_MANIFEST.includes(n)))(
    'registers /%s from the command list',
    (name) => {
      expect(manifestNames).toContain(name);
    },
  );

  it.each(manifestNames)('registers /%s only if it is in the command list', (name) => {
    expect(listNames).toContain(name);
  });

  it('registers each command once', () => {
    expect(new Set(manifestNames).size).toBe(manifestNames.length);
  });

  it.each(commands.filter((c) => manifestNames.includes(c.name)).map((c) => [c.name, c] as const))(
    'describes /%s exactly as the command list does',
    (name, command) => {
      const entry = manifest.features.slash_commands.find((c) => c.command === `/${name}`);
      expect(entry?.description).toBe(command.description);
      expect(entry?.usage_hint).toBe(hintFor(command.usage, name));
    },
  );

  it('asks for the scopes the adapter uses', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'chat:write.public', 'users:read', 'files:write']),
    );
  });

  it('turns on Socket Mode and interactivity (buttons)', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});
