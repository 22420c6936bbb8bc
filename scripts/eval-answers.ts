/**
 * Answers as a user meets them: for each place and actor in scripts/eval-data/answer-queries.ts, and each
 * spelling users type, `/events <typed>` or `/actor <typed>` is asked through the real command list over a
 * store holding real and team-written reports; recall is the share of reports whose text names it (the gold
 * pattern) that the answer lists, precision the share of listed reports that name it.
 *
 * Sets: FA-KES (804 real English articles from 15 outlets, in ../shared/corpus, skipped when absent) and the
 * team-written reports in tests/fixtures/eval (Arabic and English in the Syrian Observatory's style, and short
 * notes in ACLED's style).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from '../commands/index.js';
import { openAppEngine } from '../src/app.js';
import type { CommandContext } from '../src/core/command.js';
import { parseCsvRecords } from '../src/core/csv.js';
import { dispatch } from '../src/core/dispatch.js';
import { createLogger } from '../src/core/logger.js';
import { readInputFile } from '../src/ingest/files.js';
import type { ReportInput } from '../src/reports/types.js';
import type { AskResult } from '../src/search/present.js';
import { EVAL_QUERIES, type EvalQuery } from './eval-data/answer-queries.js';

const ROOT = path.resolve(fileURLToPath(new URL('../', import.meta.url)));
const TEAM_DIR = path.join(ROOT, 'tests/fixtures/eval');

/** One report of an evaluation set. */
export interface EvalDoc {
  set: string;
  input: ReportInput;
}

/** FA-KES articles as reports (the file is Windows-1252; latin1 keeps every byte). */
export function loadFakes(corpus: string): EvalDoc[] {
  const rows = parseCsvRecords(readFileSync(path.join(corpus, 'fa-kes_fakes.csv'), 'latin1'));
  const out: EvalDoc[] = [];
  for (const r of rows) {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/.exec((r.date ?? '').trim());
    if (!m || !r.article_content?.trim()) continue;
    const published = `20${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
    out.push({
      set: 'fa-kes (en)',
      input: {
        id: `fakes-${r.unit_id}`,
        url: `https://fakes.invalid/${r.unit_id}`,
        title: (r.article_title ?? '').trim() || `Article ${r.unit_id}`,
        published,
        source: (r.source ?? 'unknown').trim() || 'unknown',
        body: r.article_content,
      },
    });
  }
  return out;
}

/** The team-written reports and notes under tests/fixtures/eval, when present. */
export async function loadTeamSets(dir = TEAM_DIR): Promise<EvalDoc[]> {
  const out: EvalDoc[] = [];
  for (const [sub, set] of [
    ['arabic', 'team (ar)'],
    ['english', 'team (en)'],
  ] as const) {
    const folder = path.join(dir, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      for await (const item of readInputFile(path.join(folder, name))) {
        if (item.kind !== 'input') continue;
        // Ids from the file names, so rows and missed lists name the report.
        out.push({ set, input: { ...item.input, id: item.input.id ?? name.replace(/\.[a-z]+$/, '') } });
      }
    }
  }
  const notes = path.join(dir, 'acled-style-notes.jsonl');
  if (existsSync(notes)) {
    for (const line of readFileSync(notes, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const n = JSON.parse(line) as { id: string; date: string; notes: string };
      out.push({
        set: 'notes (en)',
        input: {
          id: n.id,
          url: `https://example.org/notes/${n.id}`,
          title: `Event note ${n.id}`,
          published: n.date,
          source: 'ACLED-style note (team-written)',
          body: n.notes,
        },
      });
    }
  }
  return out;
}

/** Recall and precision of one answer against its gold. */
export interface Score {
  gold: number;
  returned: number;
  hit: number;
}

/** One row of the result: a query spelling on one set. */
export interface EvalRow {
  query: EvalQuery;
  typed: string;
  set: string;
  score: Score;
  /** A few missed and wrongly returned report ids, for reading. */
  missed: string[];
  extra: string[];
  /** The answer's title when it did not resolve. */
  unresolved?: string;
}

/** Does `text` name the query (or, for a governorate, an evaluated place inside it; for an actor, a unit)? */
export function namesIt(q: EvalQuery, text: string, all: readonly EvalQuery[] = EVAL_QUERIES): boolean {
  if (q.gold.some((g) => g.test(text))) return true;
  if (q.inside?.some((g) => g.test(text))) return true;
  for (const other of all) {
    if (other === q) continue;
    if (q.kind === 'place' && other.kind === 'place' && other.gov === q.name && namesIt(other, text, all))
      return true;
    if (q.kind === 'actor' && q.units?.includes(other.name) && namesIt(other, text, all)) return true;
  }
  return false;
}

/** Ingest every set into a fresh data dir and ask every query; rows per query spelling and set. */
export async function evaluateAnswers(
  docs: EvalDoc[],
  queries: readonly EvalQuery[] = EVAL_QUERIES,
): Promise<{ rows: EvalRow[]; sets: Map<string, number>; ingestSeconds: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eval-answers-'));
  const logger = createLogger({ level: 'error' });
  const clock = { now: () => new Date() };
  const engine = await openAppEngine({ dataDir, clock, logger, waitForSearch: true, purpose: 'eval' });
  try {
    const started = performance.now();
    const setOf = new Map<string, string>();
    const textOf = new Map<string, string>();
    for (let i = 0; i < docs.length; i += 500) {
      const batch = docs.slice(i, i + 500);
      const summary = await engine.ingest(
        batch.map((d, k) => ({ input: d.input, origin: { file: d.set, item: i + k + 1 } })),
      );
      const byId = new Map(batch.map((d) => [d.input.id, d]));
      for (const id of summary.addedIds) {
        const d = byId.get(id);
        if (!d) continue;
        setOf.set(id, d.set);
        textOf.set(id, `${d.input.title}\n${d.input.body}`);
      }
    }
    const ingestSeconds = (performance.now() - started) / 1000;
    const sets = new Map<string, number>();
    for (const s of setOf.values()) sets.set(s, (sets.get(s) ?? 0) + 1);
    const ctx: CommandContext = {
      services: { engine },
      clock,
      logger,
      platform: 'cli',
      user: { id: 'eval', isAdmin: true },
      channel: { id: 'eval' },
      page: { offset: 0, limit: null },
    };
    const rows: EvalRow[] = [];
    for (const q of queries) {
      const gold = new Set<string>();
      for (const [id, text] of textOf) if (namesIt(q, text, queries)) gold.add(id);
      for (const typed of q.typed) {
        const reply = await dispatch(
          commands,
          { name: q.kind === 'place' ? 'events' : 'actor', text: typed },
          ctx,
        );
        const data = reply.data as AskResult | undefined;
        const returned = new Set((data?.items ?? []).map((it) => it.reportId));
        for (const set of sets.keys()) {
          const g = [...gold].filter((id) => setOf.get(id) === set);
          const r = [...returned].filter((id) => setOf.get(id) === set);
          const hit = r.filter((id) => gold.has(id)).length;
          rows.push({
            query: q,
            typed,
            set,
            score: { gold: g.length, returned: r.length, hit },
            missed: g.filter((id) => !returned.has(id)).slice(0, 5),
            extra: r.filter((id) => !gold.has(id)).slice(0, 5),
            ...(data?.resolved ? {} : { unresolved: reply.title }),
          });
        }
      }
    }
    return { rows, sets, ingestSeconds };
  } finally {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Micro-averaged recall and precision over rows. */
export function total(rows: readonly EvalRow[]): { recall: number; precision: number; gold: number } {
  let gold = 0;
  let returned = 0;
  let hit = 0;
  for (const r of rows) {
    gold += r.score.gold;
    returned += r.score.returned;
    hit += r.score.hit;
  }
  return { recall: gold ? hit / gold : 1, precision: returned ? hit / returned : 1, gold };
}

/** A stable short id of the query set, so README figures can name what they measured. */
export function queriesFingerprint(queries: readonly EvalQuery[] = EVAL_QUERIES): string {
  const h = createHash('sha256');
  for (const q of queries)
    h.update(`${q.kind}|${q.name}|${q.typed.join(',')}|${q.gold.map(String).join(',')}\n`);
  return h.digest('hex').slice(0, 8);
}
