import { idempotentWrite, readStatement, type CqlStatement } from '../../../engines/cassandra/index.ts';

/** The two kinds of recovery marker, each its own table. */
export type MarkerKind = 'running' | 'unqueued';

/** The table of each marker kind. */
export const MARKER_TABLES: Readonly<Record<MarkerKind, string>> = {
  running: 'synapse_actions_running',
  unqueued: 'synapse_outcomes_unqueued',
};

/** Milliseconds in one marker bucket: an hour keeps each marker partition's tombstones few. */
export const BUCKET_MS = 3_600_000;

/** The marker bucket (epoch hour) of an instant. */
export function bucketOf(instant: string | number): number {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return Math.floor(ms / BUCKET_MS);
}

/** Writes a recovery marker of `owner` in the bucket of its instant. */
export function insertMarker(
  kind: MarkerKind,
  owner: string,
  bucket: number,
  tenant: string,
  actionId: string,
  timestampMicros: number,
): CqlStatement {
  return idempotentWrite(
    `INSERT INTO ${MARKER_TABLES[kind]} (owner, bucket, tenant, action_id) VALUES (?, ?, ?, ?) USING TIMESTAMP ?`,
    [owner, bucket, tenant, actionId, timestampMicros],
  );
}

/** Deletes a recovery marker. */
export function deleteMarker(
  kind: MarkerKind,
  owner: string,
  bucket: number,
  tenant: string,
  actionId: string,
  timestampMicros: number,
): CqlStatement {
  return idempotentWrite(
    `DELETE FROM ${MARKER_TABLES[kind]} USING TIMESTAMP ? WHERE owner = ? AND bucket = ? AND tenant = ? AND action_id = ?`,
    [timestampMicros, owner, bucket, tenant, actionId],
  );
}

/** The markers of one bucket of `owner`. */
export function selectMarkers(kind: MarkerKind, owner: string, bucket: number): CqlStatement {
  return readStatement(
    `SELECT tenant, action_id FROM ${MARKER_TABLES[kind]} WHERE owner = ? AND bucket = ?`,
    [owner, bucket],
  );
}

/** The oldest bucket recovery must still scan for `owner`'s markers of a kind. */
export function selectCheckpoint(kind: MarkerKind, owner: string): CqlStatement {
  return readStatement('SELECT bucket FROM synapse_recovery_checkpoints WHERE owner = ? AND marker = ?', [
    owner,
    kind,
  ]);
}

/** Moves the checkpoint of `owner`'s markers of a kind. */
export function upsertCheckpoint(
  kind: MarkerKind,
  owner: string,
  bucket: number,
  timestampMicros: number,
): CqlStatement {
  return idempotentWrite(
    'INSERT INTO synapse_recovery_checkpoints (owner, marker, bucket) VALUES (?, ?, ?) USING TIMESTAMP ?',
    [owner, kind, bucket, timestampMicros],
  );
}
