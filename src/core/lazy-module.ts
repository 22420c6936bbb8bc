import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/**
 * A package loaded on first use rather than when the module naming it is imported.
 *
 * Some packages are large and needed only on some paths: chrono-node (about 270 files) only when reports are
 * read, linkedom and Readability only for HTML pages, gray-matter only for Markdown files. Importing them at
 * the top would make every start, `cli ask` included, pay for loading them. The package's CommonJS build is
 * loaded synchronously the first time the returned function is called; later calls return the same module.
 */
export function lazyModule<T>(name: string): () => T {
  let mod: T | undefined;
  return () => {
    mod ??= load(name) as T;
    return mod;
  };
}
