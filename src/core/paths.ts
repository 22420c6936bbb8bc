import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder: the nearest folder above this module that holds `package.json`.
 *
 * Modules run from the TypeScript sources (`src/...`, through tsx or vitest) and from the compiled copy
 * (`dist/src/...`), which sit at different depths; files the bot reads at run time (reference data in
 * `index-data/`, the extraction sources a fingerprint is taken of) are found from here, never by counting
 * `..` from a module.
 */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('conflict desk: no package.json above the running module');
    dir = up;
  }
}

export const PROJECT_ROOT: string = findProjectRoot();

/** A path inside the project, e.g. `projectPath('index-data', 'actors.json')`. */
export function projectPath(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
}
