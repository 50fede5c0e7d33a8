export { migrate } from './migrate.ts';
export type { Migration, QueryResult, SqlClient, SqlExecutor, SqlReader } from './sql-client.ts';
