import type { Migration } from '../../engines/sql/index.ts';

// One statement per migration: `migrate` runs each through a prepared statement, which
// PostgreSQL (and PGlite) refuse to hold more than one command.

/** PLATO's schema: policies, plans and their steps, all keyed by tenant. */
export const PLATO_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'policies',
    sql: `CREATE TABLE policies (
      tenant text NOT NULL,
      id text NOT NULL,
      namespace text NOT NULL,
      name text NOT NULL,
      policy_type text NOT NULL,
      rules jsonb NOT NULL,
      scope jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, id),
      UNIQUE (tenant, namespace, name)
    )`,
  },
  {
    id: 2,
    name: 'policies by namespace, newest first',
    sql: 'CREATE INDEX policies_by_namespace ON policies (tenant, namespace, created_at DESC)',
  },
  {
    id: 3,
    name: 'plans',
    sql: `CREATE TABLE plans (
      tenant text NOT NULL,
      id text NOT NULL,
      namespace text NOT NULL,
      rim_node_id text,
      status text NOT NULL,
      mode text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, id)
    )`,
  },
  {
    id: 4,
    name: 'plans by RIM node, newest first',
    sql: 'CREATE INDEX plans_by_node ON plans (tenant, rim_node_id, created_at DESC)',
  },
  {
    id: 5,
    name: 'executing plans, to resume after a restart',
    sql: "CREATE INDEX plans_executing ON plans (status) WHERE status = 'EXECUTING'",
  },
  {
    id: 6,
    name: 'plan steps, one row each so progress is saved step by step',
    sql: `CREATE TABLE plan_steps (
      tenant text NOT NULL,
      plan_id text NOT NULL,
      position integer NOT NULL,
      name text NOT NULL,
      action jsonb NOT NULL,
      depends_on jsonb NOT NULL,
      status text NOT NULL,
      result jsonb,
      error text,
      started_at timestamptz,
      finished_at timestamptz,
      PRIMARY KEY (tenant, plan_id, name),
      FOREIGN KEY (tenant, plan_id) REFERENCES plans (tenant, id)
    )`,
  },
];
