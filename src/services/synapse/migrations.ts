import type { Migration } from '../../engines/sql/index.ts';

// One statement per migration: `migrate` runs each through a prepared statement, which
// PostgreSQL (and PGlite) refuse to hold more than one command.

/** SYNAPSE's schema: the action log, keyed by tenant, with idempotency keys unique per tenant. */
export const SYNAPSE_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'action log',
    sql: `CREATE TABLE actions (
      tenant text NOT NULL,
      action_id text NOT NULL,
      idempotency_key text,
      fingerprint text NOT NULL,
      tool_id text NOT NULL,
      parameters jsonb NOT NULL,
      execution_mode text NOT NULL,
      plan_id text,
      rim_node_id text,
      -- RUNNING from the moment the idempotency key is claimed until the outcome is recorded.
      state text NOT NULL,
      outcome_status text,
      result jsonb,
      outcome_queued boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      completed_at timestamptz,
      PRIMARY KEY (tenant, action_id)
    )`,
  },
  {
    id: 2,
    name: 'idempotency keys, unique per tenant',
    sql: 'CREATE UNIQUE INDEX actions_idempotency ON actions (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL',
  },
  {
    id: 3,
    name: 'actions by plan, newest first',
    sql: 'CREATE INDEX actions_by_plan ON actions (tenant, plan_id, created_at DESC)',
  },
  {
    id: 4,
    name: 'actions by RIM node, newest first',
    sql: 'CREATE INDEX actions_by_node ON actions (tenant, rim_node_id, created_at DESC)',
  },
  {
    id: 5,
    name: 'outcomes not yet queued for PERCEPTION',
    sql: "CREATE INDEX actions_unreported ON actions (state) WHERE state = 'DONE' AND rim_node_id IS NOT NULL AND NOT outcome_queued",
  },
];
