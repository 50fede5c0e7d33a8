import type { types } from 'cassandra-driver';

// Typed reads of driver rows: a column of the wrong type is a schema bug and says which column.

/** A text column that must be set. */
export function textOf(row: types.Row, column: string): string {
  const value: unknown = row.get(column);
  if (typeof value !== 'string') throw new Error(`column '${column}' is not text: ${typeof value}`);
  return value;
}

/** A text column that may be null. */
export function optionalTextOf(row: types.Row, column: string): string | null {
  const value: unknown = row.get(column);
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new Error(`column '${column}' is not text: ${typeof value}`);
  return value;
}

/** A timestamp column that must be set, as a Date. */
export function dateOf(row: types.Row, column: string): Date {
  const value: unknown = row.get(column);
  if (!(value instanceof Date)) throw new Error(`column '${column}' is not a timestamp`);
  return value;
}

/** A timestamp column that may be null. */
export function optionalDateOf(row: types.Row, column: string): Date | null {
  const value: unknown = row.get(column);
  if (value === null || value === undefined) return null;
  if (!(value instanceof Date)) throw new Error(`column '${column}' is not a timestamp`);
  return value;
}

/** A bigint column as a number (safe below 2^53, which covers counts and epoch-hour buckets). */
export function bigintOf(row: types.Row, column: string): number {
  const value: unknown = row.get(column);
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') {
    return (value as types.Long).toNumber();
  }
  throw new Error(`column '${column}' is not a bigint`);
}

/** A JSON document kept in a text column. */
export function documentOf<T>(row: types.Row, column = 'document'): T {
  return JSON.parse(textOf(row, column)) as T;
}
