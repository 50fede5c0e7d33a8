import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { QueryResult, SqlClient, SqlExecutor } from '../sql/index.ts';

/**
 * The embedded profile's SQL database: PGlite (PostgreSQL compiled to WebAssembly) in the
 * service's process, persisted under its state directory. Same SQL as the real engine.
 */
export class PgliteClient implements SqlClient {
  readonly #db: PGlite;
  readonly #location: string;

  private constructor(db: PGlite, location: string) {
    this.#db = db;
    this.#location = location;
  }

  /** Opens (creating if needed) a database in `directory`, or in memory when it is `memory://`. */
  static async open(directory: string): Promise<PgliteClient> {
    if (!directory.startsWith('memory://')) mkdirSync(directory, { recursive: true });
    const db = await PGlite.create(directory);
    return new PgliteClient(db, directory);
  }

  async query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    return toResult(await this.#db.query<Row>(sql, [...params]));
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#db.transaction(async (tx) =>
      work({
        query: async <Row>(sql: string, params: readonly unknown[] = []) => toResult(await tx.query<Row>(sql, [...params])),
      }),
    );
  }

  async ping(): Promise<Record<string, unknown>> {
    await this.#db.query('SELECT 1');
    return { database: 'PGlite (embedded)', location: this.#location };
  }

  async close(): Promise<void> {
    if (!this.#db.closed) await this.#db.close();
  }
}

function toResult<Row>(result: { rows: Row[]; affectedRows?: number }): QueryResult<Row> {
  return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
}
