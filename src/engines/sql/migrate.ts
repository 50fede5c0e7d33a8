import type { Migration, SqlClient, SqlExecutor } from './sql-client.ts';

/**
 * The advisory lock that serialises migrations of one database. Advisory locks are scoped to a
 * database, so one constant key serves every service: it only has to differ from any other
 * advisory lock the same database takes (none today).
 */
export const MIGRATION_LOCK_KEY = 0x6266_796d; // "bfym"

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction;
 * a migration may hold several statements. Each transaction first takes a transaction-scoped
 * advisory lock and checks again, so processes migrating the same database at once apply each
 * migration exactly once (the lock is released by the commit or rollback, never leaked).
 */
export async function migrate(client: SqlClient, migrations: readonly Migration[]): Promise<number> {
  await client.transaction(async (tx) => {
    await lock(tx);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  });
  const applied = new Set(
    (await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((row) =>
      Number(row.id),
    ),
  );
  let count = 0;
  for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(migration.id)) continue;
    const ran = await client.transaction(async (tx) => {
      await lock(tx);
      // Another process may have applied it while we waited for the lock.
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id]);
      if (done.rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [
        migration.id,
        migration.name,
      ]);
      return true;
    });
    if (ran) count += 1;
  }
  return count;
}

async function lock(tx: SqlExecutor): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
}
