/** `npm run eval`: place extraction against FA-KES and re3d labels in ../shared/corpus. */
import { loadGazetteer } from '../src/extract/gazetteer.js';
import { evaluateFakes, evaluateRe3d, findCorpus } from './eval-lib.js';

const corpus = findCorpus();
if (!corpus) {
  process.stdout.write('No ../shared/corpus beside this checkout; nothing to evaluate.\n');
} else {
  const places = loadGazetteer();
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const f = evaluateFakes(places, corpus);
  process.stdout.write(`FA-KES: ${f.articles} articles, governorate recall ${pct(f.recall)}\n`);
  process.stdout.write(`  misses by label: ${JSON.stringify(f.misses)}\n`);
  const r = evaluateRe3d(places, corpus);
  process.stdout.write(
    `re3d (Syria documents): ${r.documents} documents, Location precision ${pct(r.precision)} over ${r.mentions} mentions, recall ${pct(r.recallOfSyrianGold)} of ${r.goldSyrian} gold Syrian locations\n`,
  );
}
