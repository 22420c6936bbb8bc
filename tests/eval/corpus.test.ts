import { describe, expect, it } from 'vitest';
import { evaluateFakes, evaluateRe3d, findCorpus } from '../../scripts/eval-lib.js';
import { loadGazetteer } from '../../src/extract/gazetteer.js';

const corpus = findCorpus();

describe.skipIf(!corpus)(
  'place extraction against labelled corpora (skipped: ../shared/corpus is not beside this checkout)',
  () => {
    const places = loadGazetteer();

    it('FA-KES: the labelled governorate is found in more than 90% of articles', () => {
      const r = evaluateFakes(places, corpus!);
      expect(r.articles).toBeGreaterThan(700);
      expect(r.recall).toBeGreaterThan(0.9);
    });

    it('re3d: Syrian Location mentions are found with precision and recall above 80%', () => {
      const r = evaluateRe3d(places, corpus!);
      expect(r.documents).toBeGreaterThan(40);
      expect(r.precision).toBeGreaterThan(0.8);
      expect(r.recallOfSyrianGold).toBeGreaterThan(0.8);
    });
  },
);
