import type { CallContext } from '../../kit/http/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import type { PeerClient } from '../../resilience/peer/index.ts';
import { failOpen, type SliceCache, type SliceSource } from './cache/index.ts';
import { coherenceScore, type EntityFacts, type HistoryFacts, type PerceptionFacts } from './coherence.ts';
import {
  SLICE_SOURCES,
  field,
  type HistoryView,
  type PlansView,
  type SourceQuery,
  type SourceSpec,
} from './slice-sources.ts';
import { sliceWindow } from './timeframe.ts';

/** How a source answered a slice. */
export type SourceStatus = 'UP' | 'UNAVAILABLE' | 'NOT_FOUND';

/** Where a source's part of the slice came from and how old it is. */
export interface SourceReport {
  status: SourceStatus;
  source: 'LIVE' | 'CACHE';
  /** 0 for a live answer, the view's age for a cached one, null when there is nothing. */
  cacheAgeSeconds: number | null;
  /** True when a cached view older than the TTL stood in for an unavailable source. */
  stale: boolean;
  /** Why the source is unavailable. */
  reason?: string;
}

/** What a slice is asked for. */
export interface SliceRequest {
  tenant: string;
  entityId: string;
  lookbackMs: number;
  lookaheadMs: number;
  allowStaleData: boolean;
  callContext: CallContext;
}

/** The fused view of an entity: its past (capsules), present (state, entity) and future (plans). */
export interface TemporalSlice {
  entityId: string;
  timeframe: { from: string; to: string };
  past: HistoryView | null;
  present: { perception: Record<string, unknown> | null; entity: Record<string, unknown> | null };
  future: PlansView | null;
  coherenceScore: number;
  sources: Record<SliceSource, SourceReport>;
  /** True when a source is missing (partial) or stood in for by a stale view. */
  degraded: boolean;
  generatedAt: string;
}

/** A slice and how complete it is. */
export interface SliceResult {
  slice: TemporalSlice;
  /** At least one source is unavailable and was not cached. */
  partial: boolean;
  /** At least one source was served from a stale view. */
  stale: boolean;
}

interface SourceAnswer {
  report: SourceReport;
  view: unknown;
}

/** What the slicer needs. */
export interface TemporalSlicerOptions {
  peer: (target: SliceSource) => Pick<PeerClient, 'get'>;
  cache: SliceCache;
  clock: Clock;
  /** Told how each source answered (metrics). */
  observe?: (source: SliceSource, report: SourceReport) => void;
  /** Told of each cache failure, which the slicer treats as a miss. */
  onCacheError?: (operation: 'get' | 'set', error: unknown) => void;
}

const SOURCE_ORDER: readonly SliceSource[] = ['perception', 'capsule', 'odyssey', 'plato'];

/**
 * Fuses the four sources of a temporal slice, concurrently, through the cache: a fresh cached
 * view is served without a call; otherwise the source is asked live and its answer cached. When
 * the live call fails, a stale view stands in if the caller allows stale data; otherwise the
 * source is UNAVAILABLE and the slice partial. It never throws for a source's sake.
 */
export class TemporalSlicer {
  readonly #options: TemporalSlicerOptions;
  readonly #cache: SliceCache;

  constructor(options: TemporalSlicerOptions) {
    this.#options = options;
    this.#cache = failOpen(options.cache, options.onCacheError ?? (() => {}));
  }

  /** Builds the slice. */
  async slice(request: SliceRequest): Promise<SliceResult> {
    const now = this.#options.clock.now();
    const query: SourceQuery = {
      entityId: request.entityId,
      window: sliceWindow(now, request.lookbackMs, request.lookaheadMs),
      lookbackMs: request.lookbackMs,
      lookaheadMs: request.lookaheadMs,
    };
    const answers = await Promise.all(
      SOURCE_ORDER.map((source) => this.#answer(SLICE_SOURCES[source], query, request)),
    );
    const bySource = Object.fromEntries(SOURCE_ORDER.map((source, i) => [source, answers[i]!])) as Record<
      SliceSource,
      SourceAnswer
    >;
    const reports = Object.fromEntries(
      SOURCE_ORDER.map((source) => [source, bySource[source].report]),
    ) as Record<SliceSource, SourceReport>;
    const partial = answers.some((answer) => answer.report.status === 'UNAVAILABLE');
    const stale = answers.some((answer) => answer.report.stale);

    const score = coherenceScore({
      sourcesAnswered: answers.filter((answer) => answer.report.status !== 'UNAVAILABLE').length,
      sourcesTotal: SOURCE_ORDER.length,
      history: historyFacts(bySource.capsule),
      entity: entityFacts(bySource.odyssey),
      perception: perceptionFacts(bySource.perception),
    });

    return {
      partial,
      stale,
      slice: {
        entityId: request.entityId,
        timeframe: {
          from: new Date(query.window.from).toISOString(),
          to: new Date(query.window.to).toISOString(),
        },
        // Each view was made by its source's spec (live or when it was cached), so its shape is known.
        past: bySource.capsule.view as HistoryView | null,
        present: {
          perception: bySource.perception.view as Record<string, unknown> | null,
          entity: bySource.odyssey.view as Record<string, unknown> | null,
        },
        future: bySource.plato.view as PlansView | null,
        coherenceScore: score,
        sources: reports,
        degraded: partial || stale,
        generatedAt: new Date(now).toISOString(),
      },
    };
  }

  async #answer(spec: SourceSpec, query: SourceQuery, request: SliceRequest): Promise<SourceAnswer> {
    const answer = await this.#resolve(spec, query, request);
    this.#options.observe?.(spec.source, answer.report);
    return answer;
  }

  async #resolve(spec: SourceSpec, query: SourceQuery, request: SliceRequest): Promise<SourceAnswer> {
    const cache = this.#cache;
    const key = {
      tenant: request.tenant,
      source: spec.source,
      entityId: request.entityId,
      variant: spec.variant(query),
    };
    const cached = await cache.get(key);
    if (cached?.fresh) return { report: fromCache(cached.ageMs, false), view: cached.value };

    let reason: string;
    try {
      const response = await this.#options.peer(spec.source).get(spec.path(query), request.callContext);
      if (response.status >= 200 && response.status < 300) {
        const view = spec.view(response.body, query);
        // Written behind the answer: a slow or dead Redis costs the read's deadline, not two.
        void cache.set(key, view);
        return { report: { status: 'UP', source: 'LIVE', cacheAgeSeconds: 0, stale: false }, view };
      }
      if (
        response.status === 404 &&
        spec.absentOn404 &&
        field(field(response.body, 'error'), 'code') === 'BFY_ERR_NOT_FOUND'
      ) {
        return {
          report: { status: 'NOT_FOUND', source: 'LIVE', cacheAgeSeconds: 0, stale: false },
          view: null,
        };
      }
      reason = `answered ${response.status}`;
    } catch (error) {
      // Any failure — unreachable, timed out, breaker open, or a body we cannot read — is the
      // source being unavailable for this slice, never the slice failing.
      reason = error instanceof Error ? error.message : String(error);
    }
    if (cached && request.allowStaleData)
      return { report: fromCache(cached.ageMs, true), view: cached.value };
    return {
      report: { status: 'UNAVAILABLE', source: 'LIVE', cacheAgeSeconds: null, stale: false, reason },
      view: null,
    };
  }
}

function fromCache(ageMs: number, stale: boolean): SourceReport {
  return { status: 'UP', source: 'CACHE', cacheAgeSeconds: Math.round(ageMs) / 1000, stale };
}

function historyFacts(answer: SourceAnswer): HistoryFacts | undefined {
  if (answer.report.status !== 'UP') return undefined;
  const capsules = field(answer.view, 'capsules');
  const list = Array.isArray(capsules) ? capsules : [];
  const total = field(answer.view, 'totalCapsules');
  const count = typeof total === 'number' ? total : list.length;
  return {
    from: Date.parse(String(field(answer.view, 'from'))),
    to: Date.parse(String(field(answer.view, 'to'))),
    count,
    capsuleIds: list
      .map((capsule) => field(capsule, 'capsuleId'))
      .filter((id): id is string => typeof id === 'string'),
    complete: list.length >= count,
  };
}

function entityFacts(answer: SourceAnswer): EntityFacts | null | undefined {
  if (answer.report.status === 'UNAVAILABLE') return undefined;
  if (answer.report.status === 'NOT_FOUND') return null;
  const count = field(answer.view, 'observationCount');
  return {
    observationCount: typeof count === 'number' ? count : 0,
    firstObservedAt: instant(field(answer.view, 'firstObservedAt')),
    lastObservedAt: instant(field(answer.view, 'lastObservedAt')),
    latestCapsuleId: text(field(answer.view, 'latestCapsuleId')),
  };
}

function perceptionFacts(answer: SourceAnswer): PerceptionFacts | null | undefined {
  if (answer.report.status === 'UNAVAILABLE') return undefined;
  if (answer.report.status === 'NOT_FOUND') return null;
  return {
    capsuleId: text(field(answer.view, 'capsuleId')),
    lastSignalAt: instant(field(answer.view, 'lastSignalAt')),
  };
}

function instant(value: unknown): number | null {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? null : ms;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
