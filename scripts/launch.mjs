/**
 * Runs an entry point (`main` or `cli`) from the bundle in dist/, rebuilding it first when a source changed
 * since it was built; when no build is possible, from the TypeScript sources through tsx. `npm start` and
 * `npm run cli` go through here.
 *
 * Up to date means dist/.stamp (written by scripts/build.mjs after a clean compile) is newer than every file
 * under src/ and commands/ and than package.json. Checking is a few milliseconds of stat calls; compiling at
 * run time cost about a second on every start, which is what dist/ saves.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = { main: 'src/main.ts', cli: 'src/cli.ts' };

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  walk(path.join(root, 'src'));
  walk(path.join(root, 'commands'));
  newest = Math.max(newest, statSync(path.join(root, 'package.json')).mtimeMs);
  return newest;
}

function distIsFresh() {
  try {
    return statSync(path.join(root, 'dist', '.stamp')).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

const name = process.argv[2];
const entry = ENTRIES[name];
if (!entry) {
  process.stderr.write(`launch: unknown entry "${name}" (one of: ${Object.keys(ENTRIES).join(', ')})\n`);
  process.exit(2);
}
// The entry sees itself as the script that was run (src/cli.ts runs only when it is the main module).
process.argv.splice(1, 1);
// After a source change (a pull, an edit), rebuild first: esbuild takes a couple of seconds, once.
if (!distIsFresh() && !process.env.CONFLICT_DESK_NO_BUILD) {
  process.stderr.write('(sources changed since the last build: rebuilding dist/)\n');
  spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}
if (distIsFresh()) {
  const file = path.join(root, 'dist', `${name}.js`);
  process.argv[1] = file;
  await import(pathToFileURL(file).href);
} else {
  // No build possible (no esbuild in a production install, or a build error): run the sources.
  const { register } = await import('tsx/esm/api');
  register();
  const file = path.join(root, entry);
  process.argv[1] = file;
  await import(pathToFileURL(file).href);
}
