import type { Migration } from '../../engines/sql/index.ts';

// One statement per migration: `migrate` runs each through a prepared statement, which
// PostgreSQL (and PGlite) refuse to hold more than one command.

/** CAPSULE's SQL schema: capsules by tenant, and the tenant's idempotency keys. */
export const CAPSULE_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'capsules',
    sql: `CREATE TABLE capsules (
      tenant text NOT NULL,
      capsule_id text NOT NULL,
      scope_id text NOT NULL,
      center_ts timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      -- The capsule as stored (normalised), kept as text so it reads back exactly as written.
      document text NOT NULL,
      PRIMARY KEY (tenant, capsule_id)
    )`,
  },
  {
    id: 2,
    name: 'capsules by scope, newest first',
    sql: 'CREATE INDEX capsules_by_scope ON capsules (tenant, scope_id, center_ts DESC, created_at DESC, capsule_id DESC)',
  },
  {
    id: 3,
    name: 'capsule idempotency keys',
    sql: `CREATE TABLE capsule_idempotency_keys (
      tenant text NOT NULL,
      idempotency_key text NOT NULL,
      request_fingerprint text NOT NULL,
      capsule_id text NOT NULL,
      claimed_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, idempotency_key)
    )`,
  },
];
