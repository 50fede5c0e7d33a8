import type { types } from 'cassandra-driver';
import type { CassandraSession, ExecuteOptions } from './cassandra-session.ts';
import type { CqlStatement } from './cql-statement.ts';

/** Rows fetched per round trip while walking a partition. */
export const WINDOW_FETCH_SIZE = 500;

/**
 * Rows `[offset, offset + limit)` of an ordered single-partition read. Cassandra has no OFFSET, so
 * the rows before the window are read and dropped: the cost grows with `offset + limit` (not with
 * the partition), paged `WINDOW_FETCH_SIZE` rows at a time. The statement should carry
 * `LIMIT offset + limit` so the replicas stop there too.
 */
export async function readWindow<T>(
  session: Pick<CassandraSession, 'rows'>,
  statement: CqlStatement,
  window: { offset: number; limit: number },
  map: (row: types.Row) => T,
  options: Pick<ExecuteOptions, 'atOne'> = {},
): Promise<T[]> {
  const items: T[] = [];
  if (window.limit <= 0) return items;
  let index = 0;
  const fetchSize = Math.min(WINDOW_FETCH_SIZE, window.offset + window.limit);
  for await (const row of session.rows(statement, fetchSize, options)) {
    if (index >= window.offset) items.push(map(row));
    index += 1;
    if (items.length >= window.limit) break;
  }
  return items;
}

/** The count of a `SELECT COUNT(*) …` answer. */
export function countOf(result: types.ResultSet): number {
  const value: unknown = result.first()?.get('count');
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'toNumber' in value) return (value as types.Long).toNumber();
  return 0;
}
