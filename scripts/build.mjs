/**
 * `npm run build` (also run by `prepare`, so `npm install` and `npm ci` do it): bundles the bot's two entry
 * points, src/main.ts (`npm start`) and src/cli.ts (`npm run cli`), into dist/ with esbuild, then writes
 * dist/.stamp. scripts/launch.mjs runs dist/ only when that stamp is newer than every source, so a stale or
 * half-written dist/ is never run.
 *
 * Why a bundle: run from the TypeScript sources, a start compiled every module with tsx and opened about 680
 * files (chrono-node and linkedom alone over 400) before answering anything. The bundle is a few files, and
 * whatever only some paths need (the chat SDKs, feed fetching, HTML reading, date parsing) is loaded when first
 * used. Types are checked by `npm run typecheck`, not here: esbuild only strips them.
 *
 * `--outdir DIR` builds elsewhere (the build test uses a temp folder). A failed build does not fail an
 * install: the launcher then runs the sources through tsx, a few seconds slower to start.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' }, strict: { type: 'boolean' } } });
const outdir = path.resolve(root, values.outdir ?? 'dist');

/** Loaded from node_modules at run time, never bundled: native code, or packages loaded only when configured. */
const EXTERNAL = ['@slack/bolt', 'discord.js', '@napi-rs/canvas', 'tsx', 'esbuild'];

function fail(message) {
  process.stderr.write(`build: ${message}; npm start and npm run cli will run the sources through tsx.\n`);
  process.exit(values.strict ? 1 : 0);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  fail('esbuild is not installed (a production install without dev dependencies)');
}
// The stamp goes first and comes back last: a build that dies half-way leaves dist/ stale, so it is rebuilt.
// Old chunks are not deleted: a bot running from dist/ may still load one (the chunks it loads on first use),
// and their names carry a content hash, so new and old never collide.
rmSync(path.join(outdir, '.stamp'), { force: true });
try {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for Node's own modules; give the ES module bundle one.
    banner: {
      js: "import { createRequire as __deskCreateRequire } from 'node:module'; const require = __deskCreateRequire(import.meta.url);",
    },
  });
} catch (err) {
  fail(`esbuild failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
}
writeFileSync(path.join(outdir, '.stamp'), `${new Date().toISOString()}\n`);
