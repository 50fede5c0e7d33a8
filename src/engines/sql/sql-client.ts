/** Rows returned by a query. */
export interface QueryResult<Row> {
  rows: Row[];
  affectedRows: number;
}

/** What a SQL store needs from its database: queries and transactions. PGlite and PostgreSQL both fit. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A SQL database a store owns. */
export interface SqlClient extends SqlExecutor {
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Checks the database answers (the `db` health component). */
  ping(signal?: AbortSignal): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** One schema migration, applied once, in order, by `id`. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}
