export type { EngineLog, EnginePort, EngineSettings } from './engine-port.ts';
export { openSqlDatabase } from './open-sql-database.ts';
