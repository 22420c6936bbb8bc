import { rm } from 'node:fs/promises';
import path from 'node:path';
import { readJsonFile, removeStaleTempFiles, writeFileAtomic } from '../core/atomic-file.js';
import type { Clock } from '../core/clock.js';
import type { DirLock } from '../core/dir-lock.js';
import { UserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { MAX_ITEMS_PER_REPORT } from '../extract/extract-events.js';
import type { Actor, ActorDirectory, Place, PlaceDirectory } from '../extract/types.js';
import { canonicalizeUrl } from '../reports/canonical.js';
import { loadRemovals, type RemovalRecord, saveRemovals } from '../reports/removals.js';
import {
  type OpenLogFile,
  openReportStore,
  type ReportStore,
  type StoreLoadResult,
  StoreWriteError,
  serializeReport,
} from '../reports/store.js';
import type {
  ActorMention,
  ConflictEvent,
  InputOrigin,
  PlaceMention,
  Report,
  StoredReport,
  StoredReportHead,
} from '../reports/types.js';
import { validateReport } from '../reports/validate.js';
import { FullTextIndex, type FullTextSnapshot } from './full-text.js';
import { INDEX_FORMAT_VERSION, type IndexedDoc, optionsFingerprint } from './index-options.js';
import {
  type EngineStats,
  type EventFilter,
  type EventView,
  emptyIngestSummary,
  type IngestSummary,
  type QueryEngine,
  type Resolution,
  type SummaryCounts,
} from './types.js';

/** Everything the engine needs; all passed in. */
export interface EngineDeps {
  dataDir: string;
  places: PlaceDirectory;
  actors: ActorDirectory;
  /** Report -> events. */
  extract(report: Report): ConflictEvent[];
  /** Changes whenever extraction code or reference data change; stored events are then re-extracted. */
  extractionFingerprint: string;
  clock: Clock;
  logger: Logger;
  /** Build/load the full-text index in the background (default true); false awaits it in `openEngine`. */
  backgroundIndex?: boolean;
  /** Searches matching more reports than this are listed newest first (default {@link COMMON_QUERY_REPORTS}). */
  commonQueryReports?: number;
  /** The data dir's single-writer lock, released by `close()`. */
  lock?: DirLock;
  /**
   * Read without writing anything (another process owns the data dir): no repairs, no saved index, no
   * re-extraction written back; `ingest` refuses.
   */
  readOnly?: boolean;
  /** How the report log is opened for appending (tests inject failing file handles). */
  openLog?: OpenLogFile;
}

/** Whether new reports can be saved: sent when saving fails, and again when it works once more. */
export interface StoreHealthNotice {
  saving: boolean;
  /** One calm line for the log and the admin channel. */
  message: string;
}

/** A running engine: the query interface plus lifecycle. */
export interface Engine extends QueryEngine {
  /** Resolves when the full-text index is ready. */
  readonly searchReady: Promise<void>;
  /** Write the full-text index snapshot if it changed. */
  saveIndex(): Promise<void>;
  close(): Promise<void>;
  /** What happened at load, for logs and tests. */
  readonly loadInfo: LoadInfo;
  /** Be told when saving reports fails (nothing is confirmed while it does) and when it recovers. */
  onStoreHealth(listener: (notice: StoreHealthNotice) => void): () => void;
  /** Stored reports with one of these ids (or ids starting `idPrefix`), the same URL (any form of it) or this source name (any case). */
  findReports(query: {
    ids?: string[];
    idPrefix?: string;
    url?: string;
    source?: string;
  }): StoredReportSummary[];
  /**
   * Remove reports: recorded durably in `removed-reports.json` first, gone from every answer (postings,
   * full text, latest, digests) when the promise resolves, cut from the log, and never added again by a
   * later ingest or poll. Unknown ids are ignored. Resolves with what was removed.
   */
  removeReports(ids: readonly string[], reason: string): Promise<RemovalRecord[]>;
}

/** A stored report as `findReports` lists it. */
export interface StoredReportSummary {
  id: string;
  url: string;
  title: string;
  source: string;
  published: string;
  /** Items (events and mentions) extracted from it. */
  items: number;
}

/** Facts about the last load. */
export interface LoadInfo {
  reports: number;
  events: number;
  damagedLines: number[];
  truncatedBytes: number;
  reextracted: boolean;
  /** Reports left out because they were removed (and, when writable, cut from the log). */
  removedAtLoad: number;
  index: 'loaded' | 'built' | 'pending';
  indexReason?: string;
}

interface ReportMeta {
  id: string;
  url: string;
  canonicalUrl: string;
  title: string;
  source: string;
  published: string;
  textHash: string;
  offset: number;
}

interface IndexMeta {
  formatVersion: number;
  fingerprint: string;
  extraction: string;
  logBytes: number;
  docCount: number;
  /** Checksum and term count of the snapshot file (src/search/snapshot.ts). */
  sha256: string;
  terms: number;
}

const STORE_META = 'store-meta.json';

/** A place reading at least this many times as prominent as the next is taken without asking. */
export const PROMINENCE_RATIO = 3;
/** "Daraa city", "مدينة درعا": the city itself. */
const CITY_QUERY = /^(.+?)\s+city$|^(?:مدينة|بمدينة)\s+(.+)$/iu;
/** "Daraa countryside", "rural Daraa", "Daraa province", "ريف درعا", "محافظة درعا": the governorate. */
const GOVERNORATE_QUERY =
  /^(.+?)\s+(?:countryside|province|governorate|suburbs|desert|badia)$|^(?:rural|countryside of|the countryside of)\s+(.+)$|^(?:ريف|بريف|محافظة|بادية)\s+(.+)$/iu;

/** Above this many matching reports a search is answered newest first instead of by relevance. */
export const COMMON_QUERY_REPORTS = 2000;
const INDEX_DIR = 'index';

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** Open the store in `deps.dataDir`, load every report, and start the full-text index. */
export async function openEngine(deps: EngineDeps): Promise<Engine> {
  const { dataDir, places, actors, logger, clock } = deps;
  const readOnly = deps.readOnly ?? false;
  const store: ReportStore = await openReportStore(dataDir, logger, {
    readOnly,
    ...(deps.openLog ? { openLog: deps.openLog } : {}),
  });
  // Removed reports: never loaded, never answered, never added again.
  const removed = new Map<string, RemovalRecord>();
  const removedUrls = new Set<string>();
  const removedHashes = new Set<string>();
  const noteRemoved = (r: RemovalRecord) => {
    removed.set(r.id, r);
    removedUrls.add(r.canonicalUrl);
    removedHashes.add(r.textHash);
  };
  for (const r of await loadRemovals(dataDir)) noteRemoved(r);
  let removedAtLoad = 0;
  /** Events of reports removed while running (their numbers stay; they are skipped). */
  let gone = new Uint8Array(0);
  let goneEvents = 0;
  const isGone = (n: number) => n < gone.length && gone[n] === 1;
  const reports = new Map<string, ReportMeta>();
  const byCanonical = new Map<string, string>();
  const byHash = new Map<string, string>();
  const events: EventView[] = [];
  /** One full-text document per report with events: its first event and count, and its log offset. */
  const reportDocs: { first: number; count: number; offset: number }[] = [];
  /** The report document of each event. */
  const eventDoc: number[] = [];
  const placePostings = new Map<string, number[]>();
  const actorPostings = new Map<string, number[]>();
  const listeners = new Set<(added: EventView[]) => void>();
  let order: Int32Array = new Int32Array(0);
  let rankOf: Int32Array = new Int32Array(0);
  /** Events already placed in `order`, and each event's sort key (see ensureOrder). */
  let ordered = 0;
  let sortKeys = new Float64Array(0);

  const childActors = new Map<string, string[]>();
  for (const a of actors.all()) {
    if (a.parentId) childActors.set(a.parentId, [...(childActors.get(a.parentId) ?? []), a.id]);
  }

  function governorateOf(e: ConflictEvent): EventView['governorate'] {
    for (const p of e.places) {
      const place = places.get(p.id);
      const gid = place?.kind === 'governorate' ? place.id : place?.governorateId;
      const gov = gid ? places.get(gid) : undefined;
      if (gov) return { id: gov.id, name: gov.name };
    }
    return undefined;
  }

  // Interned pieces shared by many events: at 100k reports this is most of the engine's memory.
  const strings = new Map<string, string>();
  const intern = (x: string): string => {
    const hit = strings.get(x);
    if (hit !== undefined) return hit;
    strings.set(x, x);
    return x;
  };

  /**
   * A place or actor list shared by every event naming the same ones, with what is derived from it once: its
   * number in the summary columns, its distinct ids (for postings) and names (for counts), and for places the
   * governorate.
   */
  interface SharedList<T> {
    items: T[];
    no: number;
    ids: string[];
    names: string[];
    isActors: boolean;
    governorate: EventView['governorate'];
  }
  const placeLists = new Map<string, SharedList<PlaceMention>>();
  const actorLists = new Map<string, SharedList<ActorMention>>();
  /** Every shared list by number; place and actor lists share one numbering. */
  const listTable: SharedList<PlaceMention | ActorMention>[] = [];
  // Per event, interleaved so one event's numbers share a cache line: report, type, place list, actor list.
  const STRIDE = 4;
  let cols = new Int32Array(STRIDE * 1024);
  const typeNames: string[] = [];
  let reportCount = 0;
  let listCounts = new Uint32Array(0);

  function share<T extends { id: string; name: string }>(
    items: T[],
    isActors: boolean,
    governorate: EventView['governorate'],
  ): SharedList<T> {
    const list: SharedList<T> = {
      items,
      no: listTable.length,
      ids: [...new Set(items.map((x) => x.id))],
      names: [...new Set(items.map((x) => x.name))],
      isActors,
      governorate,
    };
    listTable.push(list as SharedList<PlaceMention | ActorMention>);
    return list;
  }

  function internPlaces(e: ConflictEvent): SharedList<PlaceMention> {
    let key = '';
    for (const p of e.places) key += `${p.id}:${p.precision},`;
    let hit = placeLists.get(key);
    if (!hit) {
      const items = e.places.map((p) => ({
        id: intern(p.id),
        name: places.get(p.id)?.name ?? intern(p.name),
        precision: p.precision,
      }));
      hit = share(items, false, governorateOf(e));
      placeLists.set(key, hit);
    }
    return hit;
  }

  function internActors(e: ConflictEvent): SharedList<ActorMention> {
    let key = '';
    for (const a of e.actors) key += `${a.id},`;
    let hit = actorLists.get(key);
    if (!hit) {
      const items = e.actors.map((a) => ({
        id: intern(a.id),
        name: actors.get(a.id)?.name ?? intern(a.name),
      }));
      hit = share(items, true, undefined);
      actorLists.set(key, hit);
    }
    return hit;
  }

  function post(postings: Map<string, number[]>, ids: string[], n: number): void {
    for (const id of ids) {
      const list = postings.get(id);
      if (list) list.push(n);
      else postings.set(id, [n]);
    }
  }

  function addToMemory(r: StoredReportHead, offset: number): EventView[] {
    const source = intern(r.source);
    reports.set(r.id, {
      id: r.id,
      url: r.url,
      canonicalUrl: r.canonicalUrl,
      title: r.title,
      source,
      published: r.published,
      textHash: r.textHash,
      offset,
    });
    byCanonical.set(r.canonicalUrl, r.id);
    byHash.set(r.textHash, r.id);
    const reportRef = { id: r.id, url: r.url, title: r.title, source, published: r.published };
    const added: EventView[] = [];
    if (r.events.length) reportDocs.push({ first: events.length, count: r.events.length, offset });
    const docNo = reportDocs.length - 1;
    for (const e of r.events) {
      const n = events.length;
      const pl = internPlaces(e);
      const al = internActors(e);
      // Mentions (no type) count under the empty name, which summaries leave out of the types.
      const typeName = e.eventType ?? '';
      let typeNo = typeNames.indexOf(typeName);
      if (typeNo === -1) typeNo = typeNames.push(typeName) - 1;
      if ((n + 1) * STRIDE > cols.length) {
        const bigger = new Int32Array(cols.length * 2);
        bigger.set(cols);
        cols = bigger;
      }
      cols[n * STRIDE] = reportCount;
      cols[n * STRIDE + 1] = typeNo;
      cols[n * STRIDE + 2] = pl.no;
      cols[n * STRIDE + 3] = al.no;
      // One object shape for every event (governorate present, possibly undefined) keeps property access fast.
      const view: EventView = {
        id: e.id,
        reportId: r.id,
        date: intern(e.date),
        datePrecision: e.datePrecision,
        kind: e.kind ?? 'event',
        eventType: e.eventType === null ? null : (intern(e.eventType) as EventView['eventType']),
        subEventType: e.subEventType === null ? null : intern(e.subEventType),
        places: pl.items,
        actors: al.items,
        text: e.text,
        searchText: e.searchText,
        report: reportRef,
        governorate: pl.governorate,
      };
      events.push(view);
      eventDoc.push(docNo);
      post(placePostings, pl.ids, n);
      post(actorPostings, al.ids, n);
      added.push(view);
    }
    reportCount++;
    return added;
  }

  let reportMark = new Uint32Array(0);
  let reportGeneration = 0;

  /** Event numbers of the lists `collect` returned, so they can be counted without touching the objects. */
  const numbersOf = new WeakMap<readonly EventView[], Int32Array>();

  function countEvents(seqs: Int32Array): SummaryCounts {
    if (reportMark.length < reportCount) {
      reportMark = new Uint32Array(Math.max(reportCount, reportMark.length * 2));
      reportGeneration = 0;
    }
    reportGeneration += 2;
    let reportsSeen = 0;
    let eventReports = 0;
    const mentionType = typeNames.indexOf('');
    const typeCounts = new Array<number>(typeNames.length).fill(0);
    if (listCounts.length < listTable.length) listCounts = new Uint32Array(listTable.length * 2);
    const touched: number[] = [];
    // The date span from the sort keys (day first), so a list in any order costs no walk over event objects.
    ensureOrder();
    let oldest = -1;
    let newest = -1;
    for (let i = 0; i < seqs.length; i++) {
      const n = seqs[i]!;
      if (oldest === -1 || sortKeys[n]! < sortKeys[oldest]!) oldest = n;
      if (newest === -1 || sortKeys[n]! > sortKeys[newest]!) newest = n;
      const base = n * STRIDE;
      const r = cols[base]!;
      const type = cols[base + 1]!;
      // reportMark: generation - 1 once seen, generation once seen with an event.
      if (reportMark[r]! < reportGeneration - 1) {
        reportMark[r] = reportGeneration - 1;
        reportsSeen++;
      }
      if (type !== mentionType && reportMark[r] !== reportGeneration) {
        reportMark[r] = reportGeneration;
        eventReports++;
      }
      typeCounts[type]!++;
      const pl = cols[base + 2]!;
      const plBefore = listCounts[pl]!;
      listCounts[pl] = plBefore + 1;
      if (plBefore === 0) touched.push(pl);
      const al = cols[base + 3]!;
      const alBefore = listCounts[al]!;
      listCounts[al] = alBefore + 1;
      if (alBefore === 0) touched.push(al);
    }
    // Place and actor lists share one numbering; a list holds either places or actors, never both.
    const places = new Map<string, number>();
    const actorsOut = new Map<string, number>();
    for (const no of touched) {
      const c = listCounts[no]!;
      listCounts[no] = 0;
      const list = listTable[no]!;
      const target = list.isActors ? actorsOut : places;
      for (const name of list.names) target.set(name, (target.get(name) ?? 0) + c);
    }
    const types = new Map<string, number>();
    typeCounts.forEach((c, k) => {
      if (c && k !== mentionType) types.set(typeNames[k]!, c);
    });
    const mentions = mentionType === -1 ? 0 : typeCounts[mentionType]!;
    return {
      reports: reportsSeen,
      events: seqs.length - mentions,
      eventReports,
      mentions,
      mentionOnlyReports: reportsSeen - eventReports,
      types,
      places,
      actors: actorsOut,
      ...(oldest === -1 ? {} : { firstDate: events[oldest]!.date, lastDate: events[newest]!.date }),
    };
  }

  // ---- store health: never confirm what was not saved, and say so once per failure ----
  let storeFailing = false;
  const healthListeners = new Set<(notice: StoreHealthNotice) => void>();
  function reportStoreHealth(saving: boolean, err?: StoreWriteError): void {
    if (saving === !storeFailing) return;
    storeFailing = !saving;
    const message = saving
      ? 'Reports are being saved again.'
      : `New reports cannot be saved (${err?.message}). They are not confirmed and will be retried.`;
    if (saving) logger.info('report store: saving again');
    else logger.error('report store: cannot save new reports', { reason: err?.reason, err: err?.error });
    for (const l of healthListeners) {
      try {
        l({ saving, message });
      } catch (e) {
        logger.error('store health listener failed', { err: e });
      }
    }
  }

  // ---- temporary files of saves killed mid-write (ours to clear: we hold the lock) ----
  if (!readOnly) {
    for (const dir of [dataDir, path.join(dataDir, INDEX_DIR)]) {
      const stale = await removeStaleTempFiles(dir);
      if (stale.length)
        logger.info('removed temporary files left by an interrupted save', { dir, files: stale });
    }
  }

  // ---- load the store, re-extracting when extraction changed ----
  const storeMeta = await readJsonFile<{ extraction: string }>(path.join(dataDir, STORE_META), clock.now(), {
    moveAsideCorrupt: !readOnly,
  });
  const storedFingerprint = storeMeta.status === 'ok' ? storeMeta.value.extraction : undefined;
  const reextract = storedFingerprint !== undefined && storedFingerprint !== deps.extractionFingerprint;
  let failures = 0;
  /** Fresh events for a stored report; a report whose extraction fails keeps the events it had. */
  const freshEvents = (report: StoredReport): ConflictEvent[] => {
    try {
      return deps.extract(report);
    } catch (err) {
      if (failures++ < 5)
        logger.error('re-extraction failed; keeping stored events', { reportId: report.id, err });
      return report.events;
    }
  };
  let repaired: StoreLoadResult | undefined;
  if (reextract && !readOnly) {
    // Re-extract every stored report and rewrite the log atomically (temp file, fsync, rename), so a crash
    // leaves the old or the new log whole.
    const rewritten: string[] = [];
    repaired = await store.load(
      (head) => {
        const report = head as StoredReport;
        rewritten.push(serializeReport({ ...report, events: freshEvents(report) }));
      },
      { bodies: true },
    );
    await store.close();
    await writeFileAtomic(store.file, rewritten.length ? `${rewritten.join('\n')}\n` : '');
    rewritten.length = 0;
    logger.info('re-extracted stored reports after an extraction change', {
      reports: repaired.reports,
      failures,
    });
  }
  // Read-only (another process owns the dir): re-extract in memory only.
  const loaded =
    reextract && readOnly
      ? await store.load(
          (head, offset) => {
            const report = head as StoredReport;
            if (removed.has(report.id)) removedAtLoad++;
            else addToMemory({ ...report, events: freshEvents(report) }, offset);
          },
          { bodies: true },
        )
      : await store.load((r, offset) => {
          if (removed.has(r.id)) removedAtLoad++;
          else addToMemory(r, offset);
        });
  if (repaired) {
    loaded.damagedLines = repaired.damagedLines;
    loaded.truncatedBytes = repaired.truncatedBytes;
  }
  if (!readOnly && storedFingerprint !== deps.extractionFingerprint) {
    await writeFileAtomic(
      path.join(dataDir, STORE_META),
      JSON.stringify({ extraction: deps.extractionFingerprint }),
    );
  }

  /** After the log was rewritten: every kept report's new place in it. */
  function applyOffsets(offsets: Map<string, number>): void {
    for (const meta of reports.values()) meta.offset = offsets.get(meta.id) ?? meta.offset;
    for (const doc of reportDocs) {
      const at = offsets.get(events[doc.first]!.reportId);
      if (at !== undefined) doc.offset = at;
    }
  }
  if (removedAtLoad && !readOnly) {
    // A removal recorded before a crash (or by an older run) that never reached the log: finish it now.
    applyOffsets(await store.rewrite((id) => !removed.has(id)));
    logger.info('cut removed reports from the log', { reports: removedAtLoad });
  }

  const loadInfo: LoadInfo = {
    reports: reports.size,
    events: events.length,
    damagedLines: loaded.damagedLines,
    truncatedBytes: loaded.truncatedBytes,
    reextracted: reextract,
    removedAtLoad,
    index: 'pending',
  };

  // ---- full-text index ----
  const commonDocs = deps.commonQueryReports ?? COMMON_QUERY_REPORTS;
  const fullText = new FullTextIndex(
    {
      eventCount: () => events.length,
      docCount: () => reportDocs.length,
      docOf: (n) => eventDoc[n]!,
      eventWords(n) {
        const e = events[n]!;
        const words = [e.text];
        if (e.searchText) words.push(e.searchText);
        for (const p of e.places) words.push(p.name);
        for (const a of e.actors) words.push(a.name);
        // The title belongs to the report's first event, which stands for the report when only the title matches.
        if (reportDocs[eventDoc[n]!]!.first === n) words.push(e.report.title);
        return words;
      },
      document: toDoc,
    },
    commonDocs,
  );
  let searchIsReady = false;
  let indexDirty = false;
  const fingerprint = optionsFingerprint(commonDocs);
  const indexFile = path.join(dataDir, INDEX_DIR, 'search-index.json');
  const indexMetaFile = path.join(dataDir, INDEX_DIR, 'search-index.meta.json');
  /** Lists answered newest first because their words were too common for relevance to mean anything. */
  const newestFirst = new WeakSet<readonly EventView[]>();

  function toDoc(d: number): IndexedDoc {
    const doc = reportDocs[d]!;
    const texts: string[] = [];
    const placeNames = new Set<string>();
    const actorNames = new Set<string>();
    for (let n = doc.first; n < doc.first + doc.count; n++) {
      const e = events[n]!;
      texts.push(e.text);
      if (e.searchText) texts.push(e.searchText);
      for (const p of e.places) placeNames.add(p.name);
      for (const a of e.actors) actorNames.add(a.name);
    }
    return {
      id: d,
      text: texts.join('\n'),
      title: events[doc.first]!.report.title,
      places: [...placeNames].join(' '),
      actors: [...actorNames].join(' '),
    };
  }

  /** True while a snapshot is being written: the index must not change under it, so new documents wait. */
  let saving = false;

  function catchUpIndex(): void {
    fullText.catchUpTerms();
    if (saving) return;
    if (fullText.catchUpDocs() > 0) indexDirty = true;
  }

  const pause = () =>
    deps.backgroundIndex !== false ? new Promise<void>((r) => setImmediate(r)) : Promise.resolve();

  async function catchUpTerms(): Promise<void> {
    while (fullText.termsDone < events.length) {
      fullText.catchUpTerms(5000);
      await pause();
    }
  }

  async function prepareIndex(): Promise<void> {
    const meta = await readJsonFile<IndexMeta>(indexMetaFile, clock.now(), {
      moveAsideCorrupt: !readOnly,
    }).catch(() => ({ status: 'missing' }) as const);
    let reason: string | undefined;
    if (meta.status !== 'ok')
      reason = meta.status === 'missing' ? 'no saved index' : 'saved index metadata was damaged';
    else if (meta.value.formatVersion !== INDEX_FORMAT_VERSION) reason = 'index format version changed';
    else if (meta.value.fingerprint !== fingerprint) reason = 'index options changed';
    else if (meta.value.extraction !== deps.extractionFingerprint) reason = 'extraction changed';
    else if (
      loaded.damagedLines.length ||
      loaded.truncatedBytes ||
      loaded.rewritten ||
      repaired?.rewritten ||
      reextract
    )
      reason = 'store was repaired';
    else if (removedAtLoad) reason = 'reports were removed';
    else if (meta.value.logBytes > store.bytes()) reason = 'store is shorter than the saved index';
    // Word counts first: they decide which words are too common for MiniSearch.
    await catchUpTerms();
    if (!reason && meta.status === 'ok') {
      const covered = reportDocs.findIndex((d) => d.offset >= meta.value.logBytes);
      const docCount = covered === -1 ? reportDocs.length : covered;
      if (docCount !== meta.value.docCount) reason = 'saved index does not match the store';
      else {
        try {
          await fullText.load(indexFile, meta.value, docCount);
          catchUpIndex();
          indexDirty = fullText.indexedDocs !== docCount;
          loadInfo.index = 'loaded';
          return;
        } catch (err) {
          reason = `saved index could not be read (${(err as Error).message})`;
          fullText.reset();
        }
      }
    }
    loadInfo.indexReason = reason;
    logger.info('building the full-text index', {
      reason,
      reports: reportDocs.length,
      events: events.length,
    });
    while (fullText.indexedDocs < reportDocs.length) {
      fullText.catchUpDocs(500);
      await pause();
    }
    indexDirty = true;
    loadInfo.index = 'built';
  }

  /** Set by a removal: the index still holds removed reports, so it is rebuilt on the next start, not saved. */
  let indexStale = false;

  async function saveNow(): Promise<void> {
    if (readOnly || !searchIsReady || !indexDirty || indexStale) return;
    catchUpIndex();
    const docCount = fullText.indexedDocs;
    // The log position up to which reports are in this snapshot (later ones are indexed again on load).
    const logBytes = docCount < reportDocs.length ? reportDocs[docCount]!.offset : store.bytes();
    saving = true;
    let written: FullTextSnapshot;
    try {
      written = await fullText.save(indexFile);
    } finally {
      saving = false;
    }
    const meta: IndexMeta = {
      formatVersion: INDEX_FORMAT_VERSION,
      fingerprint,
      extraction: deps.extractionFingerprint,
      logBytes,
      docCount,
      sha256: written.sha256,
      terms: written.terms,
    };
    // Data first, then metadata: a crash in between leaves metadata whose checksum the new file fails.
    await writeFileAtomic(indexMetaFile, JSON.stringify(meta));
    indexDirty = false;
    catchUpIndex();
  }

  // One save at a time; a save asked for during another runs after it.
  let saveChain: Promise<void> = Promise.resolve();
  function saveIndex(): Promise<void> {
    const run = saveChain.then(saveNow);
    saveChain = run.catch(() => {});
    return run;
  }

  const searchReady = prepareIndex().then(
    async () => {
      searchIsReady = true;
      catchUpIndex();
      if (loadInfo.index === 'built')
        await saveIndex().catch((err) => logger.warn('could not save index', { err }));
    },
    (err) => {
      logger.error('full-text index failed to load', { err });
      throw err;
    },
  );
  if (deps.backgroundIndex === false) await searchReady;
  else searchReady.catch(() => {});

  // ---- ordering ----
  /**
   * Keep `order` (event numbers, newest first: event date, then publication, then the later-added) and its
   * inverse `rankOf` up to date. Events added since the last call are sorted among themselves and merged in,
   * so a report arriving from a feed costs a linear merge, not a re-sort of every event.
   */
  function ensureOrder(): void {
    const total = events.length;
    if (ordered === total) return;
    if (sortKeys.length < total) {
      const bigger = new Float64Array(Math.max(total, sortKeys.length * 2));
      bigger.set(sortKeys.subarray(0, ordered));
      sortKeys = bigger;
    }
    for (let n = ordered; n < total; n++) {
      const e = events[n]!;
      sortKeys[n] =
        dayNumber(e.date) * 1e8 + Math.floor(Date.parse(e.report.published) / 60_000 - 15_778_080);
    }
    const keys = sortKeys;
    const before = (a: number, b: number) => keys[a]! > keys[b]! || (keys[a] === keys[b] && a > b);
    const fresh = Int32Array.from({ length: total - ordered }, (_, i) => ordered + i).sort((a, b) =>
      before(a, b) ? -1 : 1,
    );
    const merged = new Int32Array(total);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < order.length && j < fresh.length)
      merged[k++] = before(fresh[j]!, order[i]!) ? fresh[j++]! : order[i++]!;
    while (i < order.length) merged[k++] = order[i++]!;
    while (j < fresh.length) merged[k++] = fresh[j++]!;
    order = merged;
    rankOf = new Int32Array(total);
    for (let r = 0; r < total; r++) rankOf[order[r]!] = r;
    ordered = total;
  }

  function matches(e: EventView, f: EventFilter | undefined): boolean {
    if (!f) return true;
    if (f.since && e.date < f.since) return false;
    if (f.until && e.date > f.until) return false;
    if (f.types?.length && (e.eventType === null || !f.types.includes(e.eventType))) return false;
    return true;
  }

  let mark = new Uint32Array(0);
  let generation = 0;

  function collect(postingLists: (number[] | undefined)[], filter?: EventFilter): EventView[] {
    ensureOrder();
    if (mark.length < events.length) {
      mark = new Uint32Array(Math.max(events.length, mark.length * 2));
      generation = 0;
    }
    generation++;
    const filtering = Boolean(filter && (filter.since || filter.until || filter.types?.length));
    const ranks: number[] = [];
    for (const list of postingLists) {
      if (!list) continue;
      for (const n of list) {
        if (mark[n] === generation) continue;
        mark[n] = generation;
        if (isGone(n)) continue;
        if (!filtering || matches(events[n]!, filter)) ranks.push(rankOf[n]!);
      }
    }
    const sorted = Int32Array.from(ranks).sort();
    const out: EventView[] = new Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const n = order[sorted[i]!]!;
      sorted[i] = n;
      out[i] = events[n]!;
    }
    numbersOf.set(out, sorted);
    return out;
  }

  function actorFamily(id: string): string[] {
    const out = [id];
    for (let i = 0; i < out.length; i++)
      for (const c of childActors.get(out[i]!) ?? []) if (!out.includes(c)) out.push(c);
    return out;
  }

  /**
   * A name shared by nested places is not really ambiguous: "Deir ez-Zor" names the governorate and its
   * capital (answer for the governorate, which contains the city); "Abu Kamal" names the town and the district
   * around it (answer for the town, which is what reporters mean).
   */
  function narrowNested(hits: Place[]): Place[] {
    if (hits.length < 2) return hits;
    const contains = (outer: Place, inner: Place) =>
      places.ancestors(inner.id).some((a) => a.id === outer.id);
    const gov = hits.find((h) => h.kind === 'governorate');
    if (gov && hits.every((h) => h === gov || contains(gov, h))) return [gov];
    const local = hits.find((h) => h.kind === 'town' || h.kind === 'site');
    const namesakeUnit = (h: Place, town: Place) =>
      contains(h, town) ||
      ((h.kind === 'district' || h.kind === 'subdistrict') && h.governorateId === town.governorateId);
    if (local && hits.every((h) => h === local || namesakeUnit(h, local))) return [local];
    return hits;
  }

  function resolve<T extends Place | Actor>(
    query: string,
    lookup: (q: string) => T[],
    suggest: (q: string, n: number) => T[],
  ): Resolution<T> {
    const hits = lookup(query);
    if (hits.length === 1) return { status: 'found', entity: hits[0]! };
    if (hits.length > 1) return { status: 'ambiguous', options: hits.slice(0, 5) };
    return { status: 'unknown', suggestions: suggest(query, 5) };
  }

  /**
   * How reporters and editors mean a place name:
   * - a governorate's name means the governorate (city included); "X city" / "مدينة X" narrows to the city,
   *   and "X countryside", "rural X", "X province", "ريف X", "محافظة X" mean the governorate;
   * - a name shared by nested places means the outer governorate or the town (see {@link narrowNested});
   * - a district's seat (the town sharing a district's or subdistrict's name) outranks same-named villages
   *   elsewhere; one governorate's namesakes (a town and the camp beside it) mean the town;
   * - otherwise the prominent reading wins (how much it appears in reporting: the gazetteer's weight, from
   *   coded event counts) when it is at least {@link PROMINENCE_RATIO} times the next; only names whose
   *   readings are about equally plausible ask the user to choose.
   * The other readings come back as `alsoMeans`.
   */
  function resolvePlaceName(query: string): Resolution<Place> {
    const q = query.trim();
    const city = CITY_QUERY.exec(q);
    if (city) {
      const base = places.lookup(city[1] ?? city[2]!).filter((p) => p.kind === 'town');
      if (base.length) return foundWithOthers(byWeight(base)[0]!, places.lookup(city[1] ?? city[2]!));
    }
    const hits = places.lookup(q);
    if (!hits.length) {
      const gov = GOVERNORATE_QUERY.exec(q);
      const base = gov ? (gov[1] ?? gov[2] ?? gov[3]) : undefined;
      if (base) {
        const found = places.lookup(base);
        const g = found.find((p) => p.kind === 'governorate') ?? governorateAround(found);
        if (g) return foundWithOthers(g, found);
      }
      return { status: 'unknown', suggestions: places.suggest(q, 5) };
    }
    if (hits.length === 1) return { status: 'found', entity: hits[0]! };
    const gov = hits.find((h) => h.kind === 'governorate');
    if (gov) return foundWithOthers(gov, hits);
    const nested = narrowNested(hits);
    if (nested.length === 1) return foundWithOthers(nested[0]!, hits);
    // A district or subdistrict is read as its namesake seat; the seat outranks same-named villages elsewhere.
    const units = hits.filter((h) => h.kind === 'district' || h.kind === 'subdistrict');
    const isSeat = (p: Place) =>
      (p.kind === 'town' || p.kind === 'site') && units.some((u) => u.governorateId === p.governorateId);
    const local = hits.filter((h) => h.kind === 'town' || h.kind === 'site' || h.kind === 'region');
    const candidates = local.length ? local : hits;
    const ranked = [...candidates].sort(
      (a, b) => Number(isSeat(b)) - Number(isSeat(a)) || b.weight - a.weight,
    );
    const [top, next] = ranked;
    const others = [...ranked.slice(1), ...hits.filter((h) => !candidates.includes(h))];
    if (top && !next) return foundWithOthers(top, [top, ...others]);
    if (top && next && isSeat(top) && !isSeat(next)) return foundWithOthers(top, [top, ...others]);
    // One governorate's namesakes (a town and the camp or site beside it): the town, the site offered.
    if (top && next && candidates.every((c) => c.governorateId === top.governorateId)) {
      const town = ranked.find((c) => c.kind === 'town') ?? top;
      return foundWithOthers(town, [town, ...ranked.filter((c) => c !== town), ...others]);
    }
    if (top && next && top.weight >= PROMINENCE_RATIO * Math.max(next.weight, 1))
      return foundWithOthers(top, [top, ...others]);
    return { status: 'ambiguous', options: ranked.slice(0, 5) };
  }

  /** The governorate of a single-governorate list of places ("Deir ez-Zor countryside"). */
  function governorateAround(found: Place[]): Place | undefined {
    const ids = new Set(found.map((p) => p.governorateId).filter(Boolean));
    return ids.size === 1 ? places.get([...ids][0]!) : undefined;
  }

  function byWeight(list: Place[]): Place[] {
    return [...list].sort((a, b) => b.weight - a.weight);
  }

  function foundWithOthers(entity: Place, all: Place[]): Resolution<Place> {
    const others = [...new Map(all.filter((p) => p.id !== entity.id).map((p) => [p.id, p])).values()].slice(
      0,
      4,
    );
    return others.length ? { status: 'found', entity, alsoMeans: others } : { status: 'found', entity };
  }

  const engine: Engine = {
    places,
    actors,
    searchReady,
    loadInfo,
    resolvePlace: resolvePlaceName,
    resolveActor: (q) =>
      resolve(
        q,
        (x) => actors.lookup(x),
        (x, n) => actors.suggest(x, n),
      ),
    eventsForPlace(placeId, filter) {
      return collect(
        places.descendants(placeId).map((id) => placePostings.get(id)),
        filter,
      );
    },
    eventsForActor(actorId, filter) {
      return collect(
        actorFamily(actorId).map((id) => actorPostings.get(id)),
        filter,
      );
    },
    newestForActors(actorIds, limit, filter, exceptActorId) {
      ensureOrder();
      if (mark.length < events.length) {
        mark = new Uint32Array(Math.max(events.length, mark.length * 2));
        generation = 0;
      }
      // One pass, no sort: the excepted actor's events are marked first, then the rest counted and the
      // `limit` newest kept (lowest ranks), so a large part costs a scan, not a sort of every match.
      generation++;
      if (exceptActorId !== undefined)
        for (const id of actorFamily(exceptActorId))
          for (const n of actorPostings.get(id) ?? []) mark[n] = generation;
      const filtering = Boolean(filter && (filter.since || filter.until || filter.types?.length));
      let total = 0;
      const best: number[] = [];
      for (const id of actorIds.flatMap((a) => actorFamily(a))) {
        for (const n of actorPostings.get(id) ?? []) {
          if (mark[n] === generation) continue;
          mark[n] = generation;
          if (isGone(n) || (filtering && !matches(events[n]!, filter))) continue;
          total++;
          const r = rankOf[n]!;
          if (best.length < limit) best.push(r);
          else if (r < best[best.length - 1]!) best[best.length - 1] = r;
          else continue;
          for (let k = best.length - 1; k > 0 && best[k]! < best[k - 1]!; k--)
            [best[k], best[k - 1]] = [best[k - 1]!, best[k]!];
        }
      }
      return { total, newest: best.map((r) => events[order[r]!]!) };
    },
    eventsForActors(actorIds, filter) {
      return collect(
        actorIds.flatMap((a) => actorFamily(a)).map((id) => actorPostings.get(id)),
        filter,
      );
    },
    search(query, filter) {
      if (!searchIsReady) {
        throw new UserError(
          'search-loading',
          'The full-text index is still loading. /events and /actor work now; please try /search again in a moment.',
        );
      }
      catchUpIndex();
      const found = fullText.search(query, { newestFirstAbove: commonDocs });
      if (found.newestFirst) {
        // Too common to rank: every event holding the words, newest first.
        const hits: number[] = [];
        for (const { doc: d, terms } of found.hits) {
          const doc = reportDocs[d]!;
          for (let n = doc.first; n < doc.first + doc.count; n++)
            if (fullText.eventHasTerm(n, terms)) hits.push(n);
        }
        const out = collect([hits], filter);
        newestFirst.add(out);
        return out;
      }
      const out: EventView[] = [];
      const seqs: number[] = [];
      for (const { doc: d, terms } of found.hits) {
        const doc = reportDocs[d];
        if (!doc) continue;
        let any = false;
        if (isGone(doc.first)) continue;
        for (let n = doc.first; n < doc.first + doc.count; n++) {
          if (!fullText.eventHasTerm(n, terms)) continue;
          any = true;
          if (matches(events[n]!, filter)) {
            out.push(events[n]!);
            seqs.push(n);
          }
        }
        // Matched on the title alone: the report's first event stands for it.
        if (!any && matches(events[doc.first]!, filter)) {
          out.push(events[doc.first]!);
          seqs.push(doc.first);
        }
      }
      numbersOf.set(out, Int32Array.from(seqs));
      return out;
    },
    latest(limit) {
      ensureOrder();
      const out: EventView[] = [];
      for (let i = 0; i < order.length && out.length < limit; i++)
        if (!isGone(order[i]!)) out.push(events[order[i]!]!);
      return out;
    },
    eventsPublishedBetween(fromIso, toIso) {
      const from = Date.parse(fromIso);
      const to = Date.parse(toIso);
      const hits: number[] = [];
      for (let n = 0; n < events.length; n++) {
        if (isGone(n)) continue;
        const t = Date.parse(events[n]!.report.published);
        if (t >= from && t < to) hits.push(n);
      }
      return collect([hits]);
    },
    eventsDatedBetween(from, to) {
      const hits: number[] = [];
      for (let n = 0; n < events.length; n++) {
        if (isGone(n)) continue;
        const d = events[n]!.date;
        if (d >= from && d <= to) hits.push(n);
      }
      return collect([hits]);
    },
    reportsPublishedBetween(fromIso, toIso) {
      const from = Date.parse(fromIso);
      const to = Date.parse(toIso);
      return [...reports.values()]
        .filter((r) => {
          const t = Date.parse(r.published);
          return t >= from && t < to;
        })
        .sort((a, b) => (a.published < b.published ? 1 : -1))
        .map(({ id, url, title, source, published }) => ({ id, url, title, source, published }));
    },
    stats(): EngineStats {
      ensureOrder();
      let first = 0;
      let last = order.length - 1;
      while (first <= last && isGone(order[first]!)) first++;
      while (last >= first && isGone(order[last]!)) last--;
      const newest = first <= last ? events[order[first]!]!.date : undefined;
      const oldest = first <= last ? events[order[last]!]!.date : undefined;
      return {
        reports: reports.size,
        events: events.length - goneEvents,
        ...(oldest ? { firstDate: oldest } : {}),
        ...(newest ? { lastDate: newest } : {}),
        searchReady: searchIsReady,
      };
    },
    async ingest(inputs, options = {}): Promise<IngestSummary> {
      if (readOnly)
        throw new UserError(
          'read-only',
          'This data dir is open read-only because another process owns it; add reports through that process.',
        );
      const summary = emptyIngestSummary(inputs.length, options.details);
      const origins: InputOrigin[] = [];
      const now = clock.now();
      const batch: StoredReport[] = [];
      const batchIds = new Set<string>();
      const batchUrls = new Set<string>();
      const batchHashes = new Set<string>();
      for (const { input, origin } of inputs) {
        const v = validateReport(input, now);
        if (!v.ok) {
          summary.rejected.push({ origin, reason: v.reason });
          continue;
        }
        const r = v.report;
        if (removed.has(r.id) || removedUrls.has(r.canonicalUrl) || removedHashes.has(r.textHash)) {
          summary.duplicates++;
          summary.removedBefore = (summary.removedBefore ?? 0) + 1;
          continue;
        }
        if (
          reports.has(r.id) ||
          byCanonical.has(r.canonicalUrl) ||
          byHash.has(r.textHash) ||
          batchIds.has(r.id) ||
          batchUrls.has(r.canonicalUrl) ||
          batchHashes.has(r.textHash)
        ) {
          summary.duplicates++;
          continue;
        }
        let extracted: ConflictEvent[];
        try {
          extracted = deps.extract(r);
        } catch (err) {
          logger.error('extraction failed', { reportId: r.id, err });
          summary.rejected.push({ origin, reason: `could not extract events (${(err as Error).message})` });
          continue;
        }
        batch.push({ ...r, events: extracted });
        origins.push(origin);
        batchIds.add(r.id);
        batchUrls.add(r.canonicalUrl);
        batchHashes.add(r.textHash);
      }
      if (!batch.length) return summary;
      let offsets: number[];
      try {
        offsets = await store.append(batch);
      } catch (err) {
        if (err instanceof StoreWriteError) reportStoreHealth(false, err);
        throw err;
      }
      if (storeFailing) reportStoreHealth(true);
      const added: EventView[] = [];
      batch.forEach((r, i) => {
        added.push(...addToMemory(r, offsets[i]!));
        summary.addedIds.push(r.id);
        const only = r.events.length === 1 ? r.events[0]! : undefined;
        if (only?.searchText !== undefined) summary.nothingFound++;
        if (r.events.length >= MAX_ITEMS_PER_REPORT) summary.capped.push({ origin: origins[i]!, id: r.id });
        summary.details?.push({ id: r.id, title: r.title, origin: origins[i]!, items: r.events });
      });
      summary.added = batch.length;
      if (searchIsReady) catchUpIndex();
      for (const l of listeners) {
        try {
          l(added);
        } catch (err) {
          logger.error('onAdded listener failed', { err });
        }
      }
      return summary;
    },
    findReports(query) {
      const hits = new Map<string, ReportMeta>();
      for (const id of query.ids ?? []) {
        const r = reports.get(id);
        if (r) hits.set(id, r);
      }
      if (query.url) {
        let canonical: string | undefined;
        try {
          canonical = canonicalizeUrl(query.url);
        } catch {
          canonical = undefined;
        }
        const id = canonical ? byCanonical.get(canonical) : undefined;
        const r = id ? reports.get(id) : undefined;
        if (r) hits.set(r.id, r);
      }
      if (query.idPrefix) {
        const prefix = query.idPrefix;
        for (const r of reports.values()) if (r.id.startsWith(prefix)) hits.set(r.id, r);
      }
      if (query.source) {
        const want = query.source.trim().toLowerCase();
        for (const r of reports.values()) if (r.source.toLowerCase() === want) hits.set(r.id, r);
      }
      const itemsOf = new Map<string, number>();
      for (const doc of reportDocs) {
        const id = events[doc.first]!.reportId;
        if (hits.has(id)) itemsOf.set(id, doc.count);
      }
      return [...hits.values()].map((r) => ({
        id: r.id,
        url: r.url,
        title: r.title,
        source: r.source,
        published: r.published,
        items: itemsOf.get(r.id) ?? 0,
      }));
    },
    async removeReports(ids, reason) {
      if (readOnly)
        throw new UserError(
          'read-only',
          'This data dir is open read-only because another process owns it; remove reports through that process.',
        );
      const metas = [...new Set(ids)].map((id) => reports.get(id)).filter((r): r is ReportMeta => !!r);
      if (!metas.length) return [];
      const removedAt = clock.now().toISOString();
      const records: RemovalRecord[] = metas.map((m) => ({
        id: m.id,
        url: m.url,
        canonicalUrl: m.canonicalUrl,
        textHash: m.textHash,
        title: m.title,
        source: m.source,
        published: m.published,
        removedAt,
        reason,
      }));
      // The record first: from here on a crash still ends with these reports gone (applied at the next load).
      await saveRemovals(dataDir, [...removed.values(), ...records]);
      for (const r of records) noteRemoved(r);
      // The saved full-text index holds them: forget it, so the next start rebuilds it without them.
      indexStale = true;
      await rm(indexMetaFile, { force: true });
      if (gone.length < events.length) {
        const bigger = new Uint8Array(Math.max(events.length, gone.length * 2));
        bigger.set(gone);
        gone = bigger;
      }
      const touchedPlaces = new Set<string>();
      const touchedActors = new Set<string>();
      for (const doc of reportDocs) {
        if (!removed.has(events[doc.first]!.reportId) || gone[doc.first] === 1) continue;
        for (let n = doc.first; n < doc.first + doc.count; n++) {
          gone[n] = 1;
          goneEvents++;
          for (const p of events[n]!.places) touchedPlaces.add(p.id);
          for (const a of events[n]!.actors) touchedActors.add(a.id);
        }
      }
      for (const id of touchedPlaces)
        placePostings.set(
          id,
          (placePostings.get(id) ?? []).filter((n) => !isGone(n)),
        );
      for (const id of touchedActors)
        actorPostings.set(
          id,
          (actorPostings.get(id) ?? []).filter((n) => !isGone(n)),
        );
      for (const m of metas) {
        reports.delete(m.id);
        byCanonical.delete(m.canonicalUrl);
        byHash.delete(m.textHash);
      }
      applyOffsets(await store.rewrite((id) => !removed.has(id)));
      logger.info('removed reports', { reports: records.length, reason });
      return records;
    },
    isNewestFirst(list) {
      return newestFirst.has(list);
    },
    countEvents(list) {
      const seqs = numbersOf.get(list);
      return seqs && seqs.length === list.length ? countEvents(seqs) : undefined;
    },
    onAdded(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStoreHealth(listener) {
      healthListeners.add(listener);
      return () => healthListeners.delete(listener);
    },
    saveIndex,
    async close() {
      try {
        await searchReady.catch(() => {});
        await saveIndex().catch((err) => logger.warn('could not save index on close', { err }));
        await store.close();
      } finally {
        await deps.lock?.release();
      }
    },
  };
  return engine;
}
