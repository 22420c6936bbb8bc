import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** Reference data files that extraction reads; a change to any of them re-extracts stored events. */
const DATA_FILES = ['gazetteer.json', 'actors.json', 'places-seed.json'];

/**
 * Fingerprint of the extraction code and reference data (gazetteer, actors, place seed). When it changes,
 * stored events are re-extracted from the stored report text so improvements apply to everything already
 * ingested. `deskAliases` is the hash of a desk's aliases file, when it has one.
 */
export function extractionFingerprint(deskAliases = ''): string {
  const hash = createHash('sha256');
  // A desk's own names (DATA_DIR/aliases.json, by content hash) change what is found too.
  if (deskAliases) hash.update(`desk:${deskAliases}`);
  const dir = new URL('../extract/', import.meta.url);
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.ts')) hash.update(name).update(readFileSync(new URL(name, dir)));
  }
  const data = new URL('../../index-data/', import.meta.url);
  for (const name of DATA_FILES) {
    hash.update(name);
    try {
      hash.update(readFileSync(new URL(name, data)));
    } catch {
      hash.update(`no-${name}`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}
