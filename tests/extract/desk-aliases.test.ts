import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppEngine } from '../../src/app.js';
import { createLogger } from '../../src/core/logger.js';
import { loadActors } from '../../src/extract/actors.js';
import { DeskAliasesError, loadDeskAliases } from '../../src/extract/desk-aliases.js';
import { loadGazetteer } from '../../src/extract/gazetteer.js';

const dirs = { places: loadGazetteer(), actors: loadActors() };
const made: string[] = [];
function dirWith(content: string | undefined): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'desk-aliases-'));
  made.push(dir);
  if (content !== undefined) writeFileSync(path.join(dir, 'aliases.json'), content);
  return dir;
}
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadDeskAliases', () => {
  it('is empty without a file', async () => {
    expect(await loadDeskAliases(dirWith(undefined), dirs)).toEqual({ places: [], actors: [], hash: '' });
  });

  it('resolves names, ids and the article-less form', async () => {
    const out = await loadDeskAliases(
      dirWith(
        JSON.stringify([
          { name: 'the Hamdan base', means: 'Al-Bukamal' },
          { name: 'Party of God', means: 'hezbollah' },
          { name: 'البوكمال الحدودية', means: 'al-bukamal', kind: 'place' },
        ]),
      ),
      dirs,
    );
    expect(out.places).toEqual([
      { placeId: 'al-bukamal', aliases: ['the Hamdan base', 'Hamdan base', 'البوكمال الحدودية'] },
    ]);
    expect(out.actors).toEqual([{ actorId: 'hezbollah', aliases: ['Party of God'] }]);
    expect(out.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each<[string, RegExp]>([
    ['{not json', /not valid JSON/],
    ['{"name": "x"}', /Expected \[\{"name"/],
    ['[{"name": "", "means": "hezbollah"}]', /entry 1 \(name\) name is empty/],
    [
      '[{"name": "x", "means": "nowhere-at-all-zz"}]',
      /entry 1 \("x"\): "nowhere-at-all-zz" is not a place or actor/,
    ],
    ['[{"name": "x", "means": "hezbollah", "extra": 1}]', /entry 1/],
  ])('rejects %s with a message naming the file and entry', async (content, message) => {
    const dir = dirWith(content);
    const err = await loadDeskAliases(dir, dirs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeskAliasesError);
    expect((err as Error).message).toContain(path.join(dir, 'aliases.json'));
    expect((err as Error).message).toMatch(message);
  });
});

describe('a desk alias through the app engine', () => {
  it('finds reports by the desk name at the next start, re-extracting what was stored', async () => {
    const dataDir = dirWith(undefined);
    const logger = createLogger({ level: 'error' });
    const clock = { now: () => new Date('2026-11-26T12:00:00Z') };
    const report = {
      url: 'https://example.org/desk/1',
      title: 'Drone strike on the Hamdan base',
      published: '2026-11-25',
      source: 'Desk sample',
      body: 'A drone struck the Hamdan base overnight, local sources said.',
    };
    let engine = await openAppEngine({ dataDir, clock, logger, waitForSearch: true, purpose: 'test' });
    await engine.ingest([{ input: report, origin: { file: 'inline' } }]);
    const before = engine.resolvePlace('bukamal');
    expect(before.status === 'found' && engine.eventsForPlace(before.entity.id)).toEqual([]);
    await engine.close();
    writeFileSync(
      path.join(dataDir, 'aliases.json'),
      JSON.stringify([{ name: 'Hamdan base', means: 'Al-Bukamal' }]),
    );
    engine = await openAppEngine({ dataDir, clock, logger, waitForSearch: true, purpose: 'test' });
    expect(engine.loadInfo.reextracted).toBe(true);
    const after = engine.resolvePlace('hamdan base');
    expect(after).toMatchObject({ status: 'found', entity: { id: 'al-bukamal' } });
    expect(engine.eventsForPlace('al-bukamal').map((e) => e.report.url)).toContain(report.url);
    await engine.close();
  });
});
