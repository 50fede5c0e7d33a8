import {
  bigintOf,
  textOf,
  writeTimestampOf,
  type CassandraSession,
} from '../../../engines/cassandra/index.ts';
import {
  bucketOf,
  deleteMarker,
  insertMarker,
  selectCheckpoint,
  selectMarkers,
  upsertCheckpoint,
  type MarkerKind,
} from './cassandra-marker-statements.ts';

/** One recovery marker: an action of a tenant, in the bucket it was written to. */
export interface Marker {
  bucket: number;
  tenant: string;
  actionId: string;
}

/** Buckets scanned when an owner has no checkpoint yet: a week of hours. */
export const DEFAULT_SCAN_BUCKETS = 7 * 24;

/** Buckets read at once while scanning. */
const SCAN_CONCURRENCY = 16;

/**
 * One SYNAPSE instance's recovery markers: "this action may be running" and "this outcome is not
 * in the outbox yet". They replace the SQL store's cross-tenant `WHERE state = 'RUNNING'` scan,
 * which Cassandra cannot do cheaply. Markers are partitioned by (owner, hour), so no partition
 * collects more than an hour of tombstones, and a checkpoint per owner remembers the oldest hour
 * that may still hold one, so recovery reads from there to now and nothing older is ever missed.
 */
export class RecoveryMarkers {
  readonly #session: CassandraSession;
  readonly #owner: string;

  constructor(session: CassandraSession, owner: string) {
    this.#session = session;
    this.#owner = owner;
  }

  /** Writes a marker in the bucket of `instant`; returns the bucket. */
  async put(
    kind: MarkerKind,
    instant: string,
    tenant: string,
    actionId: string,
    timestampMicros: number,
  ): Promise<number> {
    const bucket = bucketOf(instant);
    await this.#session.execute(insertMarker(kind, this.#owner, bucket, tenant, actionId, timestampMicros));
    return bucket;
  }

  /** Deletes the marker written for `instant` (an ISO instant) or in `bucket` (a number). */
  async remove(
    kind: MarkerKind,
    at: string | number,
    tenant: string,
    actionId: string,
    timestampMicros: number,
  ): Promise<void> {
    const bucket = typeof at === 'number' ? at : bucketOf(at);
    await this.#session.execute(deleteMarker(kind, this.#owner, bucket, tenant, actionId, timestampMicros));
  }

  /** Every marker of a kind from the checkpoint (or a week back) to the current hour, oldest bucket first. */
  async scan(kind: MarkerKind): Promise<Marker[]> {
    const now = bucketOf(this.#session.clock.now());
    const from = (await this.checkpoint(kind)) ?? now - DEFAULT_SCAN_BUCKETS;
    // One bucket of slack ahead: a marker written just before a clock stepped back.
    const buckets = Array.from({ length: Math.max(0, now + 1 - from + 1) }, (_, index) => from + index);
    const markers: Marker[] = [];
    for (let start = 0; start < buckets.length; start += SCAN_CONCURRENCY) {
      const chunk = buckets.slice(start, start + SCAN_CONCURRENCY);
      const results = await Promise.all(
        chunk.map((bucket) => this.#session.execute(selectMarkers(kind, this.#owner, bucket))),
      );
      results.forEach((result, index) => {
        for (const row of result.rows) {
          markers.push({
            bucket: chunk[index] ?? from,
            tenant: textOf(row, 'tenant'),
            actionId: textOf(row, 'action_id'),
          });
        }
      });
    }
    return markers;
  }

  /** The oldest bucket that may still hold a marker of this kind, if one was ever recorded. */
  async checkpoint(kind: MarkerKind): Promise<number | undefined> {
    const row = (await this.#session.execute(selectCheckpoint(kind, this.#owner))).first();
    return row ? bigintOf(row, 'bucket') : undefined;
  }

  /** Records that no marker of this kind older than `bucket` remains. */
  async advance(kind: MarkerKind, bucket: number): Promise<void> {
    const now = this.#session.clock.now();
    await this.#session.execute(upsertCheckpoint(kind, this.#owner, bucket, writeTimestampOf(now)));
  }
}
