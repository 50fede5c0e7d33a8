import type { Migration, SqlClient } from './sql-client.ts';

/** Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction; a migration may hold several statements. */
export async function migrate(client: SqlClient, migrations: readonly Migration[]): Promise<number> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied = new Set(
    (await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((row) =>
      Number(row.id),
    ),
  );
  let count = 0;
  for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(migration.id)) continue;
    await client.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [
        migration.id,
        migration.name,
      ]);
    });
    count += 1;
  }
  return count;
}
