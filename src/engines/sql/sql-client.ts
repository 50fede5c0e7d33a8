/** Rows returned by a query. */
export interface QueryResult<Row> {
  rows: Row[];
  affectedRows: number;
}

/** What a SQL store needs from its database: queries and transactions. PGlite and PostgreSQL both fit. */
export interface SqlExecutor {
  /** Runs one statement that may write; on PostgreSQL it goes to the leader. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * Pure reads. On PostgreSQL a read may be answered by a streaming replica, so it can be a
 * moment behind the leader — except right after this client wrote, when it reads from the
 * leader (read-your-writes). A store uses it only for statements that never write.
 */
export interface SqlReader {
  /** Runs one statement that does not write, on whichever member may answer it. */
  read<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/** A SQL database a store owns. */
export interface SqlClient extends SqlExecutor, SqlReader {
  /**
   * Runs `work` in one transaction; it commits when `work` resolves and rolls back when it
   * throws. `work` may run a second time when the first attempt provably committed nothing
   * (PostgreSQL failover), so it must not have effects outside the database.
   */
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
