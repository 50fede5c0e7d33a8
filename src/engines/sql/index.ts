export { migrate } from './migrate.ts';
export { openSqlDatabase } from './open-sql-database.ts';
export type { Migration, QueryResult, SqlClient, SqlExecutor, SqlReader } from './sql-client.ts';
