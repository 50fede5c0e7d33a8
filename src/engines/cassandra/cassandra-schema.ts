import { readStatement } from './cql-statement.ts';
import type { CassandraSession } from './cassandra-session.ts';

/** One table a service owns: its name and its `CREATE TABLE IF NOT EXISTS` statement. */
export interface CqlTable {
  readonly name: string;
  readonly cql: string;
}

/** How often schema agreement is polled while waiting for it. */
const AGREEMENT_POLL_MS = 250;

/**
 * Creates the tables that do not exist yet and waits until every node agrees on the schema, so
 * the first statement after start never meets a node that has not heard of its table. Existing
 * tables are skipped without DDL: a restart costs one metadata read, and two instances starting
 * together rarely race on `CREATE TABLE` (Cassandra 5.0 can still end up with two table ids when
 * they do — instances of one service should be started one at a time the first time).
 */
export async function ensureTables(
  session: CassandraSession,
  tables: readonly CqlTable[],
): Promise<string[]> {
  const { keyspace } = session.settings;
  const existing = new Set<string>();
  const result = await session.execute(
    readStatement('SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?', [keyspace]),
  );
  for (const row of result.rows) existing.add(String(row.get('table_name')));
  const created: string[] = [];
  for (const table of tables) {
    if (existing.has(table.name)) continue;
    await session.executeSchemaChange(table.cql);
    created.push(table.name);
  }
  await waitForSchemaAgreement(session);
  return created;
}

/** Resolves once the live nodes agree on one schema version; throws after the schema budget. */
export async function waitForSchemaAgreement(session: CassandraSession): Promise<void> {
  const { clock, settings } = session;
  const deadline = clock.now() + settings.schemaTimeoutMs;
  while (!(await session.schemaAgreed())) {
    if (clock.now() >= deadline) {
      throw new Error(`the Cassandra nodes did not agree on the schema within ${settings.schemaTimeoutMs}ms`);
    }
    await clock.sleep(AGREEMENT_POLL_MS);
  }
}

/** The `CREATE TABLE IF NOT EXISTS` statement's table name, checked against the declared one. */
export function cqlTable(name: string, cql: string): CqlTable {
  const declared = /CREATE TABLE IF NOT EXISTS\s+(\w+)/i.exec(cql)?.[1];
  if (declared !== name) throw new Error(`table '${name}' is declared as '${declared ?? '?'}' in its CQL`);
  return { name, cql };
}
