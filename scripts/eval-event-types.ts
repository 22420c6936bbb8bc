/**
 * Event typing against hand labels: `npx tsx scripts/eval-event-types.ts [corpusDir]`.
 *
 * The labels (`eval-data/event-type-labels.json`) point at sentences of FA-KES articles
 * (`<corpusDir>/fa-kes_fakes.csv`) by data row and sentence index and hold a short sha1 of the sentence, never
 * its text. A sentence whose hash no longer matches (the splitter or the file changed) is counted as drifted and
 * left out rather than scored against the wrong text.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from '../src/core/csv.js';
import { classifyEvent, EVENT_TYPES } from '../src/extract/event-types.js';
import { splitSentences } from '../src/extract/sentences.js';
import type { EventType } from '../src/reports/types.js';

/** One hand label: an ACLED reading of one sentence, or null for a sentence that reports no event. */
export interface EventTypeLabel {
  /** 0-based data row of fa-kes_fakes.csv. */
  article: number;
  unitId?: string;
  /** Index of the sentence in `splitSentences(article_content)`. */
  sentence: number;
  /** First 10 hex digits of the sentence's sha1. */
  sha1: string;
  eventType: EventType | null;
  subEventType: string | null;
  /** A second reading that also counts as right, when a sentence reports two events. */
  alsoAccept?: { eventType: EventType | null; subEventType: string | null }[];
  /** Labelled before any tuning and never looked at while tuning. */
  heldOut?: boolean;
}

/** Agreement over one set of labels. */
export interface Agreement {
  sentences: number;
  /** Share whose event type (or null) is right. */
  typeAgreement: number;
  /** Share whose event type and sub-event type are both right. */
  subTypeAgreement: number;
  /** Per gold event type ("none" for null): how many, how many typed right, and precision of our output. */
  perType: Record<
    string,
    { gold: number; right: number; recall: number; predicted: number; precision: number }
  >;
  /** gold type -> predicted type -> count, mistakes only. */
  confusion: Record<string, Record<string, number>>;
}

/** What {@link evaluateEventTypes} returns. */
export interface EventTypeEvaluation {
  all: Agreement;
  tuned: Agreement;
  heldOut: Agreement;
  /** Labels whose sentence no longer hashes the same (left out of every figure). */
  drifted: number;
}

const NONE = 'none';
const LABELS = fileURLToPath(new URL('./eval-data/event-type-labels.json', import.meta.url));

interface Scored {
  label: EventTypeLabel;
  predicted: { eventType: EventType; subEventType: string } | null;
}

function sha(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 10);
}

function agreement(items: Scored[]): Agreement {
  const names = [...EVENT_TYPES.map((t) => t.eventType as string), NONE];
  const perType: Agreement['perType'] = {};
  for (const n of names) perType[n] = { gold: 0, right: 0, recall: 0, predicted: 0, precision: 0 };
  const confusion: Agreement['confusion'] = {};
  let right = 0;
  let subRight = 0;
  for (const { label, predicted } of items) {
    const readings = [
      { eventType: label.eventType, subEventType: label.subEventType },
      ...(label.alsoAccept ?? []),
    ];
    const got = predicted?.eventType ?? null;
    const typeHit = readings.find((r) => r.eventType === got);
    const gold = (typeHit ?? readings[0]!).eventType ?? NONE;
    const pred = got ?? NONE;
    perType[gold]!.gold++;
    perType[pred]!.predicted++;
    if (typeHit) {
      right++;
      perType[gold]!.right++;
      if (
        got === null ||
        readings.some((r) => r.eventType === got && r.subEventType === predicted?.subEventType)
      )
        subRight++;
    } else {
      confusion[gold] ??= {};
      confusion[gold][pred] = (confusion[gold][pred] ?? 0) + 1;
    }
  }
  for (const t of Object.values(perType)) {
    t.recall = t.gold ? t.right / t.gold : 0;
    t.precision = t.predicted ? t.right / t.predicted : 0;
  }
  const n = items.length;
  return {
    sentences: n,
    typeAgreement: n ? right / n : 0,
    subTypeAgreement: n ? subRight / n : 0,
    perType,
    confusion,
  };
}

/** Reads the labels file. */
export function loadEventTypeLabels(file = LABELS): EventTypeLabel[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { labels: EventTypeLabel[] };
  if (!Array.isArray(doc.labels)) throw new Error(`${file}: no "labels" array`);
  return doc.labels;
}

/**
 * Classifies every labelled FA-KES sentence in `corpusDir` and compares with the hand labels: overall, on the
 * sentences used while tuning the rules, and on the held-out ones.
 */
export function evaluateEventTypes(corpusDir: string): EventTypeEvaluation {
  const labels = loadEventTypeLabels();
  // The file is Windows-1252; latin1 keeps every byte, as the place evaluation reads it.
  const rows = parseCsvRecords(readFileSync(path.join(corpusDir, 'fa-kes_fakes.csv'), 'latin1'));
  const split = new Map<number, string[]>();
  const scored: Scored[] = [];
  let drifted = 0;
  for (const label of labels) {
    let sentences = split.get(label.article);
    if (!sentences) {
      sentences = splitSentences(rows[label.article]?.article_content ?? '').map((s) => s.text);
      split.set(label.article, sentences);
    }
    const text = sentences[label.sentence];
    if (text === undefined || sha(text) !== label.sha1) {
      drifted++;
      continue;
    }
    const c = classifyEvent(text);
    scored.push({ label, predicted: c && { eventType: c.eventType, subEventType: c.subEventType } });
  }
  return {
    all: agreement(scored),
    tuned: agreement(scored.filter((s) => !s.label.heldOut)),
    heldOut: agreement(scored.filter((s) => s.label.heldOut)),
    drifted,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);

/** A plain-text table of an evaluation. */
export function renderEventTypeEvaluation(e: EventTypeEvaluation): string {
  const lines: string[] = [];
  const sets: [string, Agreement][] = [
    ['tuned', e.tuned],
    ['held-out', e.heldOut],
    ['all', e.all],
  ];
  for (const [name, a] of sets)
    lines.push(
      `${name.padEnd(9)} ${String(a.sentences).padStart(4)} sentences: type ${pct(a.typeAgreement)}, type+sub-type ${pct(a.subTypeAgreement)}`,
    );
  if (e.drifted) lines.push(`${e.drifted} labels drifted (sentence hash changed) and were left out`);
  lines.push('', `${'gold type'.padEnd(28)} ${'tuned n  recall  prec'.padEnd(22)}  held-out n  recall  prec`);
  for (const t of Object.keys(e.all.perType)) {
    const cell = (a: Agreement) => {
      const p = a.perType[t]!;
      return `${String(p.gold).padStart(7)} ${pct(p.recall)} ${pct(p.precision)}`;
    };
    lines.push(`${t.padEnd(28)} ${cell(e.tuned)}     ${cell(e.heldOut)}`);
  }
  lines.push('', 'mistakes (all): gold -> predicted');
  for (const [gold, preds] of Object.entries(e.all.confusion))
    for (const [pred, n] of Object.entries(preds)) lines.push(`  ${gold} -> ${pred}: ${n}`);
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir =
    process.argv[2] ?? path.resolve(fileURLToPath(new URL('../', import.meta.url)), '../shared/corpus');
  process.stdout.write(renderEventTypeEvaluation(evaluateEventTypes(dir)));
}
