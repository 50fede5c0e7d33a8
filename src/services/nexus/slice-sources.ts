import type { SliceSource } from './cache/index.ts';
import type { SliceWindow } from './timeframe.ts';

/** What a source is asked about. */
export interface SourceQuery {
  entityId: string;
  window: SliceWindow;
  lookbackMs: number;
  lookaheadMs: number;
}

/** CAPSULE's part of a slice: the capsules of the window. */
export interface HistoryView {
  from: string;
  to: string;
  totalCapsules: number;
  capsules: unknown[];
}

/** PLATO's part of a slice: the plans still ahead. */
export interface PlansView {
  plans: unknown[];
}

/** How NEXUS reads one source for a slice. */
export interface SourceSpec {
  readonly source: SliceSource;
  /** The path on the peer. */
  path(query: SourceQuery): string;
  /** What shapes the answer besides tenant and entity (part of the cache key). */
  variant(query: SourceQuery): string;
  /** True when the peer's 404 BFY_ERR_NOT_FOUND means "knows nothing of the entity" (a definite answer). */
  readonly absentOn404: boolean;
  /** The view the slice carries (and the cache keeps), from the peer's 2xx body. */
  view(body: unknown, query: SourceQuery): unknown;
}

/** How many capsules of the window, and plans of the entity, a slice carries at most. */
export const SLICE_PAGE_LIMIT = 100;

/** Plans still ahead: the slice's future. */
const FUTURE_PLAN_STATUSES = new Set(['PENDING', 'EXECUTING']);

/** The four sources of a temporal slice. */
export const SLICE_SOURCES: Readonly<Record<SliceSource, SourceSpec>> = {
  perception: {
    source: 'perception',
    path: ({ entityId }) => `/api/v1/state/${encodeURIComponent(entityId)}`,
    variant: () => '',
    absentOn404: true,
    view: (body) => objectOf(body),
  },
  capsule: {
    source: 'capsule',
    path: ({ entityId, window }) =>
      `/api/v1/history?${query({
        scopeId: entityId,
        from: new Date(window.from).toISOString(),
        to: new Date(window.to).toISOString(),
        limit: String(SLICE_PAGE_LIMIT),
      })}`,
    // The window slides with now; views of the same lookback/lookahead are interchangeable within the TTL.
    variant: ({ lookbackMs, lookaheadMs }) => `${lookbackMs}/${lookaheadMs}`,
    absentOn404: false,
    view: (body, { window }): HistoryView => {
      const capsules = arrayOf(field(objectOf(body), 'content'));
      const total = field(body, 'totalElements');
      return {
        from: new Date(window.from).toISOString(),
        to: new Date(window.to).toISOString(),
        totalCapsules: typeof total === 'number' ? total : capsules.length,
        capsules,
      };
    },
  },
  odyssey: {
    source: 'odyssey',
    path: ({ entityId }) => `/api/v1/entities/${encodeURIComponent(entityId)}/state`,
    variant: () => '',
    absentOn404: true,
    view: (body) => objectOf(body),
  },
  plato: {
    source: 'plato',
    path: ({ entityId }) =>
      `/api/v1/plans?${query({ rimNodeId: entityId, limit: String(SLICE_PAGE_LIMIT) })}`,
    variant: () => '',
    absentOn404: false,
    view: (body): PlansView => ({
      plans: arrayOf(field(objectOf(body), 'content')).filter((plan) =>
        FUTURE_PLAN_STATUSES.has(String(field(plan, 'status'))),
      ),
    }),
  },
};

/** A property of a value that may not be an object. */
export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

/** The body as an object; anything else is an answer NEXUS cannot use (the source counts as unavailable). */
function objectOf(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error('answered with a body that is not a JSON object');
  return body as Record<string, unknown>;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
