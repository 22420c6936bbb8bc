import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Fingerprint of the extraction code and reference data (gazetteer, actors). When it changes, stored events
 * are re-extracted from the stored report text so improvements apply to everything already ingested.
 */
export function extractionFingerprint(): string {
  const hash = createHash('sha256');
  const dir = new URL('../extract/', import.meta.url);
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.ts')) hash.update(name).update(readFileSync(new URL(name, dir)));
  }
  try {
    hash.update(readFileSync(new URL('../../index-data/gazetteer.json', import.meta.url)));
  } catch {
    hash.update('no-gazetteer');
  }
  return hash.digest('hex').slice(0, 16);
}
