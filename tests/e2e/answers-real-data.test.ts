import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { openAppEngine } from '../../src/app.js';
import type { CommandContext } from '../../src/core/command.js';
import { dispatch } from '../../src/core/dispatch.js';
import { createLogger } from '../../src/core/logger.js';
import type { Reply } from '../../src/core/reply.js';
import type { ReportInput } from '../../src/reports/types.js';
import type { Engine } from '../../src/search/engine.js';
import type { AskResult } from '../../src/search/present.js';

// Reports written by the team for this test (our own words, real places and actors), in English and Arabic.
const REPORTS: ReportInput[] = [
  {
    id: 'en-nawa',
    url: 'https://example.org/en/nawa',
    title: 'Daraa | Gunmen kill a former fighter in Nawa',
    published: '2026-11-20',
    source: 'Desk sample',
    body: 'Unidentified gunmen shot dead a former fighter near Nawa in the western countryside of Daraa yesterday.\n\nThe town has seen several such killings this year.',
  },
  {
    id: 'en-daraa-city',
    url: 'https://example.org/en/daraa-city',
    title: 'Daraa city: protest over bread prices',
    published: '2026-11-21',
    source: 'Desk sample',
    body: 'Residents of Daraa city held a protest in Daraa al-Balad on Friday against the rise in bread prices.',
  },
  {
    id: 'en-statement',
    url: 'https://example.org/en/statement',
    title: 'Statement on the south',
    published: '2026-11-22',
    source: 'Desk sample',
    body: 'The governor of Daraa met tribal notables to discuss the situation in the province.',
  },
  {
    id: 'ar-bukamal',
    url: 'https://example.org/ar/bukamal',
    title: 'دير الزور | استهداف شاحنات قرب البوكمال',
    published: '2026-11-23',
    source: 'Desk sample',
    body: 'استهدفت طائرة مسيرة مجهولة فجر اليوم شاحنتين قرب مدينة البوكمال بريف دير الزور الشرقي، ما أدى إلى احتراقهما.',
  },
  {
    id: 'en-russia',
    url: 'https://example.org/en/russia',
    title: 'Russian warplanes over the Badia',
    published: '2026-11-24',
    source: 'Desk sample',
    body: 'Russian warplanes carried out airstrikes on ISIS hideouts in the desert east of Palmyra on Monday.\n\nHezbollah moved fighters to the area two days later.',
  },
  {
    id: 'en-nothing',
    url: 'https://example.org/en/nothing',
    title: 'Weekly note on bread subsidies',
    published: '2026-11-25',
    source: 'Desk sample',
    body: 'Bakeries reported longer queues as flour deliveries slowed.',
  },
];

let dataDir: string;
let engine: Engine;
let ctx: CommandContext;

async function ask(name: string, text: string): Promise<{ reply: Reply; data: AskResult }> {
  const reply = await dispatch(commands, { name, text }, ctx);
  return { reply, data: reply.data as AskResult };
}
const ids = (d: AskResult) => [...new Set(d.items.map((i) => i.reportId))].sort();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'answers-real-'));
  const logger = createLogger({ level: 'error' });
  const clock = { now: () => new Date('2026-11-26T12:00:00Z') };
  engine = await openAppEngine({ dataDir, clock, logger, waitForSearch: true, purpose: 'test' });
  const summary = await engine.ingest(
    REPORTS.map((input, i) => ({ input, origin: { file: 'inline', item: i + 1 } })),
  );
  expect(summary.added).toBe(REPORTS.length);
  expect(summary.nothingFound).toBe(1);
  ctx = {
    services: { engine },
    clock,
    logger,
    platform: 'cli',
    user: { id: 'u', isAdmin: true },
    channel: { id: 'c' },
    page: { offset: 0, limit: null },
  };
});
afterAll(async () => {
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('answers over the real gazetteer and actor registry', () => {
  it('reads a governorate name as the governorate, city and mentions included, and offers the city', async () => {
    const { data } = await ask('events', 'daraa');
    expect(data.resolved).toMatchObject({ kind: 'place', id: 'gov-daraa' });
    expect(data.resolved!.alsoMeans!.map((p) => p.id)).toContain('daraa');
    expect(ids(data)).toEqual(['en-daraa-city', 'en-nawa', 'en-statement']);
    const statement = data.items.find((i) => i.reportId === 'en-statement')!;
    expect(statement).toMatchObject({ kind: 'mention', eventType: null, subEventType: null });
    expect(data.summary).toMatch(/other report mentions Daraa|reports? mentions? Daraa/);
  });

  it('narrows to the city with "city", and to the governorate with "countryside" or Arabic "ريف"', async () => {
    const city = await ask('events', 'daraa city');
    expect(city.data.resolved).toMatchObject({ id: 'daraa' });
    expect(ids(city.data)).toContain('en-daraa-city');
    expect(ids(city.data)).not.toContain('en-nawa');
    for (const q of ['daraa countryside', 'ريف درعا']) {
      const gov = await ask('events', q);
      expect(gov.data.resolved, q).toMatchObject({ id: 'gov-daraa' });
    }
  });

  it.each<[string, string]>([
    ['Ras Al Ain', 'ras-al-ayn'],
    ['Tell Abiad', 'tell-abyad'],
    ['Al Qusayr', 'al-qusayr'],
    ['Abu Kamal', 'al-bukamal'],
    ['Al Mayadin', 'al-mayadin'],
    ['Rural Damascus', 'gov-rif-dimashq'],
    ['Idleb', 'gov-idlib'],
    ['Deir-ez-Zor', 'gov-deir-ez-zor'],
  ])('reads the common spelling %j as the prominent place (%s), naming the others', (typed, id) => {
    const r = engine.resolvePlace(typed);
    expect(r).toMatchObject({ status: 'found', entity: { id } });
  });

  it('offers the same-named villages elsewhere as other readings of a district seat', () => {
    const r = engine.resolvePlace('Al Qusayr');
    if (r.status !== 'found') throw new Error('expected a place');
    expect(r.alsoMeans!.map((p) => p.governorateId)).toContain('gov-daraa');
  });

  it('finds an Arabic report by its English name and an English one by its Arabic name', async () => {
    expect(ids((await ask('events', 'bukamal')).data)).toEqual(['ar-bukamal']);
    expect(ids((await ask('events', 'abu kamal')).data)).toEqual(['ar-bukamal']);
    expect(ids((await ask('events', 'تدمر')).data)).toEqual(['en-russia']);
    expect(ids((await ask('events', 'دير الزور')).data)).toEqual(['ar-bukamal']);
  });

  it('resolves countries and demonyms to the state forces', async () => {
    const russia = await ask('actor', 'russia');
    expect(russia.data.resolved).toMatchObject({ kind: 'actor' });
    expect(ids(russia.data)).toEqual(['en-russia']);
    const israel = await ask('actor', 'israel');
    expect(israel.data.resolved).not.toBeNull();
    expect(israel.reply.title).not.toMatch(/Islamic State/);
  });

  it('lists the groups an actor backs apart, after its own events', async () => {
    const { reply, data } = await ask('actor', 'irgc');
    // Hezbollah (backed by the IRGC) is named in en-russia; the IRGC itself in no report.
    expect(data.items).toEqual([]);
    expect(data.total).toBe(0);
    expect(data.apart).toMatchObject({ label: 'Groups IRGC backs', total: 1 });
    expect(data.apart!.actors.map((a) => a.id)).toContain('hezbollah');
    expect(data.apart!.items.map((i) => i.reportId)).toEqual(['en-russia']);
    expect(reply.sections.at(-1)!.heading).toBe('Groups IRGC backs');
  });

  it('counts and lists the same backed part whether a page or every item is asked for', async () => {
    const all = (await ask('actor', 'iran')).data;
    ctx.page = { offset: 0, limit: 10 };
    try {
      const page = (await dispatch(commands, { name: 'actor', text: 'iran' }, ctx)).data as AskResult;
      expect(page.apart?.total).toBe(all.apart?.total);
      expect(page.apart?.items.map((i) => i.reportId)).toEqual(
        all.apart?.items.slice(0, 5).map((i) => i.reportId),
      );
    } finally {
      ctx.page = { offset: 0, limit: null };
    }
  });

  it('finds a report with no known place or actor by the words of its title and body', async () => {
    expect(ids((await ask('search', 'bread subsidies')).data)).toContain('en-nothing');
    expect(ids((await ask('search', 'flour deliveries')).data)).toContain('en-nothing');
  });

  it('says "an actor" for an unknown actor', async () => {
    const { reply } = await ask('actor', 'zzqx brigade');
    expect(reply.title).toMatch(/I don't know an actor called/);
  });
});
