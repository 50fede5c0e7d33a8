import type { Migration } from '../../engines/sql/index.ts';

// One statement per migration: `migrate` runs each through a prepared statement, which
// PostgreSQL (and PGlite) refuse to hold more than one command.

/** PERCEPTION's schema (PostgreSQL dialect; PGlite in the embedded profile). Every table is keyed by tenant. */
export const perceptionMigrations: readonly Migration[] = [
  {
    id: 1,
    name: 'signals',
    sql: `CREATE TABLE signals (
      tenant text NOT NULL,
      signal_id text NOT NULL,
      -- Breaks ties between signals received in the same millisecond, so paging is stable.
      seq bigserial NOT NULL,
      rim_node_id text NOT NULL,
      signal_type text NOT NULL,
      source text NOT NULL,
      payload jsonb NOT NULL,
      metadata jsonb NOT NULL,
      received_at timestamptz NOT NULL,
      capsule_id text,
      capsule_status text NOT NULL DEFAULT 'PENDING' CHECK (capsule_status IN ('PENDING', 'CREATED', 'REJECTED')),
      capsule_error text,
      PRIMARY KEY (tenant, signal_id)
    )`,
  },
  {
    id: 2,
    name: 'signals newest first',
    sql: 'CREATE INDEX signals_newest ON signals (tenant, received_at DESC, seq DESC)',
  },
  {
    id: 3,
    name: 'signals of a node newest first',
    sql: 'CREATE INDEX signals_newest_by_node ON signals (tenant, rim_node_id, received_at DESC, seq DESC)',
  },
  {
    id: 4,
    name: 'signals whose capsule is pending',
    sql: "CREATE INDEX signals_pending ON signals (received_at, seq) WHERE capsule_status = 'PENDING'",
  },
  {
    id: 5,
    name: 'node states',
    sql: `CREATE TABLE node_states (
      tenant text NOT NULL,
      rim_node_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('ACTIVE', 'OBSERVED')),
      last_signal_at timestamptz,
      last_signal_id text,
      capsule_id text,
      capsule_signal_at timestamptz,
      last_outcome jsonb,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant, rim_node_id)
    )`,
  },
  {
    id: 6,
    name: 'outcomes',
    sql: `CREATE TABLE outcomes (
      tenant text NOT NULL,
      action_id text NOT NULL,
      rim_node_id text NOT NULL,
      tool_id text NOT NULL,
      outcome_status text NOT NULL,
      plan_id text,
      completed_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, action_id)
    )`,
  },
];
