import type { types } from 'cassandra-driver';
import {
  cqlTable,
  documentOf,
  idempotentWrite,
  lightweightTransaction,
  readStatement,
  serialReadStatement,
  textOf,
  type CqlStatement,
  type CqlTable,
  writeTimestampOf,
} from '../../engines/cassandra/index.ts';
import type { StoredCapsule } from './capsule.ts';
import type { IdempotencyClaim, ScopeQuery } from './capsule-store.ts';

/**
 * CAPSULE's tables, one per query: a scope's history (the hot read), a capsule by id, and the
 * idempotency claims. Each capsule is written whole (as the JSON the API returns) to the first
 * two; every key starts with the tenant, so no statement can reach another tenant's rows.
 */
export const CAPSULE_TABLES: readonly CqlTable[] = [
  cqlTable(
    'capsules_by_scope',
    `CREATE TABLE IF NOT EXISTS capsules_by_scope (
      tenant text, scope_id text, center_ts timestamp, created_at timestamp, capsule_id text, document text,
      PRIMARY KEY ((tenant, scope_id), center_ts, created_at, capsule_id)
    ) WITH CLUSTERING ORDER BY (center_ts DESC, created_at DESC, capsule_id DESC)`,
  ),
  cqlTable(
    'capsules_by_id',
    `CREATE TABLE IF NOT EXISTS capsules_by_id (
      tenant text, capsule_id text, scope_id text, center_ts timestamp, created_at timestamp, document text,
      PRIMARY KEY ((tenant, capsule_id))
    )`,
  ),
  // The claim carries the claimant's whole capsule, so a replay is answered from the LWT's own
  // result and can finish a write the claimant did not (a crash between claim and rows).
  cqlTable(
    'capsule_idempotency',
    `CREATE TABLE IF NOT EXISTS capsule_idempotency (
      tenant text, idempotency_key text, request_fingerprint text, capsule_id text, claimed_at timestamp, document text,
      PRIMARY KEY ((tenant, idempotency_key))
    )`,
  ),
];

/**
 * The write timestamp of a capsule's rows, in microseconds: its creation time. A capsule written
 * again — a retry, a replay from the degraded-mode queue — writes the same cells at the same
 * instant, so a late replay never shadows anything newer. Callers may pass another one.
 */
export function capsuleTimestamp(capsule: StoredCapsule): number {
  return writeTimestampOf(capsule.createdAt);
}

/** The row of `capsules_by_id`; written first, so a capsule listed in its scope is always findable. */
export function insertCapsuleById(
  tenant: string,
  capsule: StoredCapsule,
  timestampMicros: number,
): CqlStatement {
  return idempotentWrite(
    `INSERT INTO capsules_by_id (tenant, capsule_id, scope_id, center_ts, created_at, document)
     VALUES (?, ?, ?, ?, ?, ?) USING TIMESTAMP ?`,
    [
      tenant,
      capsule.capsuleId,
      capsule.header.scope.scopeId,
      new Date(capsule.header.time.centerTsUtc),
      new Date(capsule.createdAt),
      JSON.stringify(capsule),
      timestampMicros,
    ],
  );
}

/** The row of `capsules_by_scope`. */
export function insertCapsuleByScope(
  tenant: string,
  capsule: StoredCapsule,
  timestampMicros: number,
): CqlStatement {
  return idempotentWrite(
    `INSERT INTO capsules_by_scope (tenant, scope_id, center_ts, created_at, capsule_id, document)
     VALUES (?, ?, ?, ?, ?, ?) USING TIMESTAMP ?`,
    [
      tenant,
      capsule.header.scope.scopeId,
      new Date(capsule.header.time.centerTsUtc),
      new Date(capsule.createdAt),
      capsule.capsuleId,
      JSON.stringify(capsule),
      timestampMicros,
    ],
  );
}

/** Claims the idempotency key for `capsule`: applied only when the tenant never used the key. */
export function claimIdempotencyKey(
  tenant: string,
  claim: IdempotencyClaim,
  capsule: StoredCapsule,
): CqlStatement {
  return lightweightTransaction(
    `INSERT INTO capsule_idempotency (tenant, idempotency_key, request_fingerprint, capsule_id, claimed_at, document)
     VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS`,
    [
      tenant,
      claim.key,
      claim.requestFingerprint,
      capsule.capsuleId,
      new Date(capsule.createdAt),
      JSON.stringify(capsule),
    ],
  );
}

/** Who holds an idempotency key, read at LOCAL_SERIAL (settles a claim whose outcome was unknown). */
export function selectClaimant(tenant: string, key: string): CqlStatement {
  return serialReadStatement(
    'SELECT capsule_id, request_fingerprint, document FROM capsule_idempotency WHERE tenant = ? AND idempotency_key = ?',
    [tenant, key],
  );
}

/** One capsule of the tenant. */
export function selectCapsuleById(tenant: string, capsuleId: string): CqlStatement {
  return readStatement('SELECT document FROM capsules_by_id WHERE tenant = ? AND capsule_id = ?', [
    tenant,
    capsuleId,
  ]);
}

/** The partition restriction of a scope query, with its optional inclusive range on `center_ts`. */
function scopeRestriction(tenant: string, query: ScopeQuery): { where: string; params: unknown[] } {
  let where = 'tenant = ? AND scope_id = ?';
  const params: unknown[] = [tenant, query.scopeId];
  if (query.fromMs !== undefined) {
    where += ' AND center_ts >= ?';
    params.push(new Date(query.fromMs));
  }
  if (query.toMs !== undefined) {
    where += ' AND center_ts <= ?';
    params.push(new Date(query.toMs));
  }
  return { where, params };
}

/** A scope's capsules, newest first (the clustering order), up to the end of the requested window. */
export function selectScopeWindow(tenant: string, query: ScopeQuery): CqlStatement {
  const { where, params } = scopeRestriction(tenant, query);
  return readStatement(`SELECT document FROM capsules_by_scope WHERE ${where} LIMIT ?`, [
    ...params,
    query.offset + query.limit,
  ]);
}

/** How many capsules of a scope match: one partition, never a cluster-wide scan. */
export function countScope(tenant: string, query: ScopeQuery): CqlStatement {
  const { where, params } = scopeRestriction(tenant, query);
  return readStatement(`SELECT COUNT(*) AS count FROM capsules_by_scope WHERE ${where}`, params);
}

/** The capsule a row holds. */
export function capsuleOfRow(row: types.Row): StoredCapsule {
  return documentOf<StoredCapsule>(row);
}

/** What a claim that was not applied holds: the claimant's capsule and request fingerprint. */
export function claimantOfRow(row: types.Row): { capsule: StoredCapsule; requestFingerprint: string } {
  return { capsule: documentOf<StoredCapsule>(row), requestFingerprint: textOf(row, 'request_fingerprint') };
}
