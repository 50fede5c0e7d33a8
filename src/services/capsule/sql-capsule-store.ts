import type { SqlClient, SqlExecutor } from '../../engines/sql/index.ts';
import type { StoredCapsule } from './capsule.ts';
import type {
  CapsuleLookup,
  CapsuleStore,
  IdempotencyClaim,
  SaveOutcome,
  ScopeQuery,
  ScopeSlice,
} from './capsule-store.ts';

interface DocumentRow {
  document: string;
}

/** CapsuleStore on a SQL database (PGlite in the embedded profile, PostgreSQL later). */
export class SqlCapsuleStore implements CapsuleStore {
  readonly #db: SqlClient;

  constructor(db: SqlClient) {
    this.#db = db;
  }

  async save(tenant: string, capsule: StoredCapsule, claim?: IdempotencyClaim): Promise<SaveOutcome> {
    return this.#db.transaction(async (tx) => {
      if (claim) {
        const claimed = await tx.query(
          `INSERT INTO capsule_idempotency_keys (tenant, idempotency_key, request_fingerprint, capsule_id, claimed_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant, idempotency_key) DO NOTHING`,
          [tenant, claim.key, claim.requestFingerprint, capsule.capsuleId, capsule.createdAt],
        );
        if (claimed.affectedRows === 0) return this.#existingClaim(tx, tenant, claim.key);
      }
      await tx.query(
        `INSERT INTO capsules (tenant, capsule_id, scope_id, center_ts, created_at, document)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          tenant,
          capsule.capsuleId,
          capsule.header.scope.scopeId,
          capsule.header.time.centerTsUtc,
          capsule.createdAt,
          JSON.stringify(capsule),
        ],
      );
      return { kind: 'created', capsule };
    });
  }

  async find(tenant: string, capsuleId: string): Promise<CapsuleLookup> {
    const { rows } = await this.#db.query<DocumentRow>(
      'SELECT document FROM capsules WHERE tenant = $1 AND capsule_id = $2',
      [tenant, capsuleId],
    );
    return { capsule: rows[0] ? parseDocument(rows[0]) : undefined };
  }

  async listScope(tenant: string, query: ScopeQuery): Promise<ScopeSlice> {
    const params: unknown[] = [tenant, query.scopeId];
    let where = 'tenant = $1 AND scope_id = $2';
    if (query.fromMs !== undefined) {
      params.push(new Date(query.fromMs).toISOString());
      where += ` AND center_ts >= $${params.length}`;
    }
    if (query.toMs !== undefined) {
      params.push(new Date(query.toMs).toISOString());
      where += ` AND center_ts <= $${params.length}`;
    }
    const count = await this.#db.query<{ total: number }>(
      `SELECT COUNT(*)::int AS total FROM capsules WHERE ${where}`,
      params,
    );
    const { rows } = await this.#db.query<DocumentRow>(
      `SELECT document FROM capsules WHERE ${where}
       ORDER BY center_ts DESC, created_at DESC, capsule_id DESC
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return { capsules: rows.map(parseDocument), total: count.rows[0]?.total ?? 0 };
  }

  async #existingClaim(tx: SqlExecutor, tenant: string, key: string): Promise<SaveOutcome> {
    const { rows } = await tx.query<DocumentRow & { request_fingerprint: string }>(
      `SELECT k.request_fingerprint, c.document
       FROM capsule_idempotency_keys k JOIN capsules c ON c.tenant = k.tenant AND c.capsule_id = k.capsule_id
       WHERE k.tenant = $1 AND k.idempotency_key = $2`,
      [tenant, key],
    );
    const row = rows[0];
    // The claim and its capsule are written in one transaction, so one without the other is a broken store.
    if (!row) throw new Error(`idempotency key '${key}' is claimed but its capsule is missing`);
    return { kind: 'claimed', capsule: parseDocument(row), requestFingerprint: row.request_fingerprint };
  }
}

function parseDocument(row: DocumentRow): StoredCapsule {
  return JSON.parse(row.document) as StoredCapsule;
}
