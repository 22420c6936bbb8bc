import type { LabelLanguage } from '../core/services.js';
import type { EventType } from '../reports/types.js';

/** The picture types commands see are defined with the services in src/core/services.ts. */
export type { LabelLanguage, PictureImage, PictureKind } from '../core/services.js';

/** One dot on the map: a place and its incidents by type. */
export interface MapPoint {
  id: string;
  /** Label in the asked language (Arabic name when asked in Arabic and known). */
  label: string;
  lat: number;
  lon: number;
  /** Typed events at this place. */
  count: number;
  /** The type with most events here (ties: the order of {@link EVENT_TYPE_ORDER}). */
  dominant: EventType;
}

/** A governorate label drawn at the gazetteer's governorate coordinates (no admin-1 borders on npm). */
export interface MapLabel {
  label: string;
  lat: number;
  lon: number;
}

/** Everything the map renderer draws; built by {@link buildMapSpec}. */
export interface MapSpec {
  /** Heading drawn on the image, e.g. `Deir ez-Zor · since 1 Nov 2026`. */
  title: string;
  points: MapPoint[];
  governorates: MapLabel[];
  language: LabelLanguage;
  /** How many of the largest places get a label. Default 10. */
  maxLabels?: number;
  alt: string;
  filename: string;
}

/** One bar of the timeline: a day or a week, with counts by type. */
export interface TimelineBucket {
  /** First day of the bucket, `YYYY-MM-DD`. */
  start: string;
  counts: Partial<Record<EventType, number>>;
  total: number;
}

/** Everything the timeline renderer draws; built by {@link buildTimelineSpec}. */
export interface TimelineSpec {
  title: string;
  unit: 'day' | 'week';
  buckets: TimelineBucket[];
  /** Typed events in the period. */
  total: number;
  /** Average per bucket over the last four weeks of the period (the whole period when shorter). */
  average4w: number;
  /** What that average is over: `4-week average`, or `14-day average` for a shorter period. */
  averageLabel: string;
  language: LabelLanguage;
  alt: string;
  filename: string;
}
