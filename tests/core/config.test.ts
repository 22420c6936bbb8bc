import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('with nothing set, runs the console on index-data/data', () => {
    const c = loadConfig({});
    expect(c.slack).toBeUndefined();
    expect(c.discord).toBeUndefined();
    expect(c.dataDirIsDefault).toBe(true);
    expect(c.dataDir.replaceAll('\\', '/')).toMatch(/index-data\/data$/);
    expect(c.digest).toEqual({ slackChannels: [], discordChannels: [], time: '08:00', tz: 'Asia/Damascus' });
    expect(c.feeds.intervalMinutes).toBe(10);
    expect(c.heapGrowthPercent).toBe(50);
  });

  it('takes a heap growth percent, 0 for V8 default, and refuses nonsense', () => {
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '120' }).heapGrowthPercent).toBe(120);
    for (const bad of ['-5', 'lots', '12.5', '9000'])
      expect(() => loadConfig({ HEAP_GROWTH_PERCENT: bad })).toThrow(/HEAP_GROWTH_PERCENT/);
  });

  it('Socket Mode is the default when an app token is present', () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_APP_TOKEN: 'xapp-1-2',
      SLACK_SIGNING_SECRET: 's',
    });
    expect(c.slack?.mode).toBe('socket');
    expect(c.slack?.port).toBe(3000);
  });

  it('HTTP mode with a signing secret and port', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: 'abc', SLACK_PORT: '8080' });
    expect(c.slack).toMatchObject({ mode: 'http', port: 8080, signingSecret: 'abc' });
  });

  it('names every bad variable at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        SLACK_BOT_TOKEN: 'nope',
        SLACK_PORT: 'eighty',
        DIGEST_TZ: 'Mars/Olympus',
        DIGEST_TIME: '25:00',
        DISCORD_APPLICATION_ID: 'abc',
        SLACK_API_URL: 'ftp://x',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of [
      'SLACK_BOT_TOKEN',
      'SLACK_PORT',
      'DIGEST_TZ',
      'DIGEST_TIME',
      'DISCORD_APPLICATION_ID',
      'SLACK_API_URL',
    ]) {
      expect(error!.message).toContain(name);
    }
  });

  it('names missing companions', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_APP_TOKEN/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'abc' })).toThrow(/DISCORD_APPLICATION_ID/);
    expect(() => loadConfig({ DIGEST_DISCORD_CHANNELS: '123' })).toThrow(/DIGEST_DISCORD_CHANNELS/);
  });

  it('parses lists and the admin channel', () => {
    const c = loadConfig({
      FEEDS: ' https://a.example/feed , https://b.example/rss ',
      ADMIN_CHANNEL: 'discord:12345',
    });
    expect(c.feeds.urls).toEqual(['https://a.example/feed', 'https://b.example/rss']);
    expect(c.adminChannel).toEqual({ platform: 'discord', channelId: '12345' });
  });
});

describe('terminalSupportsHyperlinks', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['a plain xterm', { TERM: 'xterm-256color' }, false],
    ['iTerm2', { TERM_PROGRAM: 'iTerm.app' }, true],
    ['VS Code', { TERM_PROGRAM: 'vscode' }, true],
    ['Windows Terminal', { WT_SESSION: 'abc' }, true],
    ['GNOME Terminal (VTE 0.70)', { VTE_VERSION: '7000' }, true],
    ['kitty', { TERM: 'xterm-kitty' }, true],
    ['forced off', { TERM_PROGRAM: 'iTerm.app', FORCE_HYPERLINK: '0' }, false],
    ['forced on', { FORCE_HYPERLINK: '1' }, true],
  ])('%s', (_what, env, expected) => {
    expect(loadConfig(env).console.hyperlinks).toBe(expected);
  });
});
