import type { StoredReport } from '../../src/reports/types.js';

/** A minimal stored report with no events, for store tests: every field derived from `id`. */
export function storedReport(id: string): StoredReport {
  return {
    id,
    url: `https://example.org/${id}`,
    canonicalUrl: `https://example.org/${id}`,
    title: `Title ${id}`,
    published: '2026-11-20T12:00:00Z',
    source: 'Test',
    body: `Body of ${id}`,
    textHash: `hash-${id}`,
    ingestedAt: '2026-11-20T12:00:00Z',
    events: [],
  };
}
