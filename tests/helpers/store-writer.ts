// Child process for the crash test: appends reports to a store as fast as it can until killed.
// Prints "ready <n>" after each durable append so the parent knows what was acknowledged.
import { silentLogger } from '../../src/core/logger.js';
import { openReportStore } from '../../src/reports/store.js';
import type { StoredReport } from '../../src/reports/types.js';

const dir = process.argv[2]!;
const store = await openReportStore(dir, silentLogger);
await store.load(() => {});
let n = 0;
const filler = 'x'.repeat(20_000);
for (;;) {
  const batch: StoredReport[] = [];
  for (let i = 0; i < 20; i++, n++) {
    batch.push({
      id: `crash-${n}`,
      url: `https://example.org/crash/${n}`,
      canonicalUrl: `https://example.org/crash/${n}`,
      title: `Crash test ${n}`,
      published: '2026-11-20T12:00:00Z',
      source: 'Test',
      body: filler,
      textHash: `h${n}`,
      ingestedAt: '2026-11-20T12:00:00Z',
      events: [],
    });
  }
  await store.append(batch);
  process.stdout.write(`ready ${n}\n`);
}
