import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // A safety net: anything that reads DATA_DIR from the environment lands in a throwaway folder, never in
    // the default index-data/data/ a running bot may hold. Tests pass their own data dirs anyway.
    env: { DATA_DIR: path.join(tmpdir(), `conflict-desk-tests-${process.pid}`) },
  },
});
