/**
 * `npx tsx scripts/eval-diagnose.ts <events|actor> <typed> [set]`: for reading the evaluation's misses. Lists,
 * for one query, the answer's items from reports the gold pattern does not accept (with the places or actors
 * that matched), and the gold reports the answer missed (with the first sentence that names it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commands } from '../commands/index.js';
import { openAppEngine } from '../src/app.js';
import { dispatch } from '../src/core/dispatch.js';
import { createLogger } from '../src/core/logger.js';
import type { AskResult } from '../src/search/present.js';
import { loadFakes, loadTeamSets, namesIt } from './eval-answers.js';
import { EVAL_QUERIES } from './eval-data/answer-queries.js';
import { findCorpus } from './eval-lib.js';

const [command = 'events', typed = 'daraa', onlySet] = process.argv.slice(2);
const corpus = findCorpus();
const docs = [...(corpus ? loadFakes(corpus) : []), ...(await loadTeamSets())].filter(
  (d) => !onlySet || d.set.startsWith(onlySet),
);
const q = EVAL_QUERIES.find((x) => x.typed.includes(typed));
const dataDir = mkdtempSync(path.join(tmpdir(), 'eval-diag-'));
const logger = createLogger({ level: 'error' });
const clock = { now: () => new Date() };
const engine = await openAppEngine({ dataDir, clock, logger, waitForSearch: true, purpose: 'eval' });
const text = new Map<string, string>();
for (let i = 0; i < docs.length; i += 500) {
  const batch = docs.slice(i, i + 500);
  const s = await engine.ingest(
    batch.map((d, k) => ({ input: d.input, origin: { file: d.set, item: i + k } })),
  );
  const byId = new Map(batch.map((d) => [d.input.id, d]));
  for (const id of s.addedIds) text.set(id, `${byId.get(id)!.input.title}\n${byId.get(id)!.input.body}`);
}
const ctx = {
  services: { engine },
  clock,
  logger,
  platform: 'cli' as const,
  user: { id: 'x', isAdmin: true },
  channel: { id: 'x' },
  page: { offset: 0, limit: null },
};
const reply = await dispatch(commands, { name: command, text: typed }, ctx);
const data = reply.data as AskResult;
process.stdout.write(`${reply.title}\n${data.summary}\n`);
const returned = new Set(data.items.map((i) => i.reportId));
if (q) {
  process.stdout.write('--- returned, not in gold ---\n');
  for (const it of data.items) {
    const t = text.get(it.reportId);
    if (t && !namesIt(q, t))
      process.stdout.write(
        `${it.reportId} [${it.places.join(', ')}] [${it.actors.join(', ')}] ${it.text.slice(0, 160)}\n`,
      );
  }
  process.stdout.write('--- gold, missed ---\n');
  for (const [id, t] of text) {
    if (returned.has(id) || !namesIt(q, t)) continue;
    const sentence = t.split(/(?<=[.!?؟])\s+|\n+/).find((s) => namesIt(q, s)) ?? '';
    process.stdout.write(`${id}: ${sentence.slice(0, 200)}\n`);
  }
}
await engine.close();
rmSync(dataDir, { recursive: true, force: true });
