import type { SqlClient } from '../../engines/sql/index.ts';
import type {
  EntityState,
  NewObservation,
  Observation,
  ObservationSlice,
  ObservationStore,
} from './observation-store.ts';

interface ObservationRow {
  observation_id: string;
  entity_id: string;
  capsule_id: string;
  center_ts: Date;
  observed_at: Date;
  vantage_mode: string;
  observer_id: string;
}

interface StateRow {
  observation_count: number;
  first_observed_at: Date | null;
  last_observed_at: Date | null;
  latest_capsule_id: string | null;
}

const NEWEST_FIRST = 'ORDER BY center_ts DESC, capsule_created_at DESC, capsule_id DESC';

/** ObservationStore on a SQL database (PGlite in the embedded profile, PostgreSQL through Patroni on local); pure reads may come from a replica. */
export class SqlObservationStore implements ObservationStore {
  readonly #db: SqlClient;

  constructor(db: SqlClient) {
    this.#db = db;
  }

  async record(tenant: string, observation: NewObservation): Promise<{ duplicate: boolean }> {
    const result = await this.#db.query(
      `INSERT INTO observations (tenant, capsule_id, observation_id, entity_id, center_ts, capsule_created_at, observed_at, vantage_mode, observer_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant, capsule_id) DO NOTHING`,
      [
        tenant,
        observation.capsuleId,
        observation.observationId,
        observation.entityId,
        observation.centerTsUtc,
        observation.capsuleCreatedAt,
        observation.observedAt,
        observation.vantageMode,
        observation.observerId,
      ],
    );
    return { duplicate: result.affectedRows === 0 };
  }

  async list(tenant: string, entityId: string, offset: number, limit: number): Promise<ObservationSlice> {
    const count = await this.#db.read<{ total: number }>(
      'SELECT COUNT(*)::int AS total FROM observations WHERE tenant = $1 AND entity_id = $2',
      [tenant, entityId],
    );
    const { rows } = await this.#db.read<ObservationRow>(
      `SELECT observation_id, entity_id, capsule_id, center_ts, observed_at, vantage_mode, observer_id
       FROM observations WHERE tenant = $1 AND entity_id = $2 ${NEWEST_FIRST} LIMIT $3 OFFSET $4`,
      [tenant, entityId, limit, offset],
    );
    return { observations: rows.map(toObservation), total: count.rows[0]?.total ?? 0 };
  }

  async state(tenant: string, entityId: string): Promise<EntityState | undefined> {
    const { rows } = await this.#db.read<StateRow>(
      `SELECT COUNT(*)::int AS observation_count, MIN(observed_at) AS first_observed_at, MAX(observed_at) AS last_observed_at,
         (SELECT capsule_id FROM observations WHERE tenant = $1 AND entity_id = $2 ${NEWEST_FIRST} LIMIT 1) AS latest_capsule_id
       FROM observations WHERE tenant = $1 AND entity_id = $2`,
      [tenant, entityId],
    );
    const row = rows[0];
    if (!row?.first_observed_at || !row.last_observed_at || !row.latest_capsule_id) return undefined;
    return {
      entityId,
      observationCount: row.observation_count,
      firstObservedAt: row.first_observed_at.toISOString(),
      lastObservedAt: row.last_observed_at.toISOString(),
      latestCapsuleId: row.latest_capsule_id,
    };
  }
}

function toObservation(row: ObservationRow): Observation {
  return {
    observationId: row.observation_id,
    entityId: row.entity_id,
    capsuleId: row.capsule_id,
    centerTsUtc: row.center_ts.toISOString(),
    observedAt: row.observed_at.toISOString(),
    vantageMode: row.vantage_mode,
    observerId: row.observer_id,
  };
}
