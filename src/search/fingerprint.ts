import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../core/paths.js';

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
  // The TypeScript sources, whether this runs from them or from the compiled copy in dist/: both give the
  // same fingerprint, so switching between them never re-extracts.
  const dir = projectPath('src', 'extract');
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.ts')) hash.update(name).update(readFileSync(path.join(dir, name)));
  }
  for (const name of DATA_FILES) {
    hash.update(name);
    try {
      hash.update(readFileSync(projectPath('index-data', name)));
    } catch {
      hash.update(`no-${name}`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}
