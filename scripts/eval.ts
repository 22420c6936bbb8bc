/**
 * `npm run eval`: what a user gets, measured on text nobody here wrote.
 *
 * 1. Answers: recall and precision of `/events` and `/actor` per place and actor and per spelling typed
 *    (scripts/eval-answers.ts), on FA-KES and on the team-written Arabic and English sets.
 * 2. Event typing against the team's own labels of FA-KES sentences (scripts/eval-event-types.ts).
 * 3. Place extraction against FA-KES governorate labels and re3d gold spans (scripts/eval-lib.ts).
 *
 * `--verbose` lists missed and wrongly returned report ids per row; `--json` prints the raw rows.
 */
import { parseArgs } from 'node:util';
import { loadGazetteer } from '../src/extract/gazetteer.js';
import {
  type EvalDoc,
  type EvalRow,
  evaluateAnswers,
  loadFakes,
  loadTeamSets,
  total,
} from './eval-answers.js';
import { evaluateEventTypes, renderEventTypeEvaluation } from './eval-event-types.js';
import { evaluateFakes, evaluateRe3d, findCorpus } from './eval-lib.js';

const { values } = parseArgs({
  options: { verbose: { type: 'boolean' }, json: { type: 'boolean' }, only: { type: 'string' } },
});
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const out = (s: string) => process.stdout.write(`${s}\n`);

const corpus = findCorpus();
const docs: EvalDoc[] = [...(corpus ? loadFakes(corpus) : []), ...(await loadTeamSets())];
if (!corpus) out('No ../shared/corpus beside this checkout: FA-KES and re3d are skipped.');
const only = values.only?.toLowerCase();
const { rows, sets, ingestSeconds } = await evaluateAnswers(docs);
const shown = only ? rows.filter((r) => r.query.name.toLowerCase().includes(only)) : rows;
if (values.json) {
  for (const r of shown)
    out(
      JSON.stringify({
        name: r.query.name,
        typed: r.typed,
        set: r.set,
        ...r.score,
        missed: r.missed,
        extra: r.extra,
      }),
    );
} else {
  out(
    `Answers: ${[...sets].map(([s, n]) => `${s} ${n}`).join(', ')} reports (ingested in ${ingestSeconds.toFixed(1)} s)`,
  );
  const setNames = [...sets.keys()];
  out(`| kind | name | typed | ${setNames.map((s) => `${s} R / P (gold)`).join(' | ')} |`);
  out(`|---|---|---|${setNames.map(() => '---').join('|')}|`);
  const byTyped = new Map<string, EvalRow[]>();
  for (const r of shown) {
    const k = `${r.query.kind}|${r.query.name}|${r.typed}`;
    byTyped.set(k, [...(byTyped.get(k) ?? []), r]);
  }
  for (const group of byTyped.values()) {
    const first = group[0]!;
    const cells = setNames.map((s) => {
      const r = group.find((g) => g.set === s);
      if (!r || r.score.gold + r.score.returned === 0) return '-';
      const t = total([r]);
      return `${pct(t.recall)} / ${pct(t.precision)} (${r.score.gold})`;
    });
    out(
      `| ${first.query.kind} | ${first.query.name} | ${first.typed}${first.unresolved ? ' (unresolved)' : ''} | ${cells.join(' | ')} |`,
    );
    if (values.verbose)
      for (const r of group)
        if (r.missed.length || r.extra.length)
          out(
            `    ${r.set}: missed ${r.missed.join(' ')} | extra ${r.extra.join(' ')}${r.unresolved ? ` | ${r.unresolved}` : ''}`,
          );
  }
  out('');
  out('| kind | set | recall | precision | gold reports |');
  out('|---|---|---|---|---|');
  for (const kind of ['place', 'actor'] as const) {
    for (const s of setNames) {
      const t = total(shown.filter((r) => r.query.kind === kind && r.set === s));
      out(`| ${kind} | ${s} | ${pct(t.recall)} | ${pct(t.precision)} | ${t.gold} |`);
    }
  }
}

if (corpus && !values.json) {
  const places = loadGazetteer();
  const f = evaluateFakes(places, corpus);
  out('');
  out(`FA-KES: ${f.articles} articles, governorate recall ${pct(f.recall)}`);
  out(`  misses by label: ${JSON.stringify(f.misses)}`);
  out('');
  out(renderEventTypeEvaluation(evaluateEventTypes(corpus)));
  const r = evaluateRe3d(places, corpus);
  out(
    `re3d (Syria documents): ${r.documents} documents, Location precision ${pct(r.precision)} over ${r.mentions} mentions, recall ${pct(r.recallOfSyrianGold)} of ${r.goldSyrian} gold Syrian locations`,
  );
}
