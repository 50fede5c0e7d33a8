import type { Migration } from '../../engines/sql/index.ts';

// One statement per migration: `migrate` runs each through a prepared statement, which
// PostgreSQL (and PGlite) refuse to hold more than one command.

/** ODYSSEY's SQL schema: observations, one per (tenant, capsule). */
export const ODYSSEY_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'observations',
    sql: `CREATE TABLE observations (
      tenant text NOT NULL,
      capsule_id text NOT NULL,
      observation_id text NOT NULL,
      entity_id text NOT NULL,
      center_ts timestamptz NOT NULL,
      capsule_created_at timestamptz NOT NULL,
      observed_at timestamptz NOT NULL,
      vantage_mode text NOT NULL,
      observer_id text NOT NULL,
      PRIMARY KEY (tenant, capsule_id)
    )`,
  },
  {
    id: 2,
    name: 'observations by entity, newest first',
    sql: 'CREATE INDEX observations_by_entity ON observations (tenant, entity_id, center_ts DESC, capsule_created_at DESC, capsule_id DESC)',
  },
];
