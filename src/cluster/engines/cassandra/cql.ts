import { Client, policies, types } from 'cassandra-driver';
import type { Pod } from '../../index.ts';

/** The data center SimpleSnitch puts every node in. */
export const LOCAL_DATA_CENTER = 'datacenter1';

/** A query's answer as text: column names and one row of cells per row. */
export interface CqlTable {
  columns: string[];
  rows: string[][];
}

/** Options of a one-node CQL session. */
export interface CqlSessionOptions {
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
}

/**
 * Runs `work` with a driver session whose every query goes to `pod` itself (as `cqlsh` on that
 * node would), then closes it. No schema metadata is synced: these are short admin sessions.
 */
export async function withNodeSession<T>(
  pod: Pod,
  work: (client: Client) => Promise<T>,
  options: CqlSessionOptions = {},
): Promise<T> {
  const endpoint = `${pod.address}:${pod.ports.cql}`;
  const client = new Client({
    contactPoints: [endpoint],
    localDataCenter: LOCAL_DATA_CENTER,
    isMetadataSyncEnabled: false,
    policies: {
      loadBalancing: new policies.loadBalancing.AllowListPolicy(
        new policies.loadBalancing.DCAwareRoundRobinPolicy(LOCAL_DATA_CENTER),
        [endpoint],
      ),
      reconnection: new policies.reconnection.ConstantReconnectionPolicy(1000),
    },
    socketOptions: {
      connectTimeout: options.connectTimeoutMs ?? 3000,
      readTimeout: options.readTimeoutMs ?? 15_000,
    },
    pooling: { coreConnectionsPerHost: { [types.distance.local]: 1, [types.distance.remote]: 0 } },
  });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.shutdown().catch(() => undefined);
  }
}

/** Runs one CQL statement on `pod` and returns its rows as text. */
export async function cqlQuery(
  pod: Pod,
  statement: string,
  options: CqlSessionOptions = {},
): Promise<CqlTable> {
  return withNodeSession(
    pod,
    async (client) => {
      const result = await client.execute(statement, [], { consistency: types.consistencies.localQuorum });
      const columns = result.columns?.map((column) => column.name) ?? [];
      const rows = (result.rows ?? []).map((row) => columns.map((column) => cellText(row.get(column))));
      return { columns, rows };
    },
    options,
  );
}

/** A cell as cqlsh prints it: strings bare at the top level, quoted inside collections. */
function cellText(value: unknown, nested = false): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return nested ? `'${value}'` : value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`;
  if (Array.isArray(value)) return `[${value.map((item) => cellText(item, true)).join(', ')}]`;
  if (value instanceof Set) return `{${[...value].map((item) => cellText(item, true)).join(', ')}}`;
  const entries =
    value instanceof Map ? [...value] : isPlainObject(value) ? Object.entries(value) : undefined;
  if (entries)
    return `{${entries.map(([key, item]) => `${cellText(key, true)}: ${cellText(item, true)}`).join(', ')}}`;
  // Driver types (Uuid, Long, InetAddress, LocalDate, ...) print themselves.
  return (value as { toString(): string }).toString();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Renders a table the way cqlsh does: a header, a rule, the rows, and the row count. */
export function formatCqlTable(table: CqlTable): string {
  if (table.columns.length === 0) return '';
  const widths = table.columns.map((name, i) =>
    Math.max(name.length, ...table.rows.map((row) => row[i]!.length)),
  );
  const line = (cells: readonly string[]) =>
    ' ' + cells.map((cell, i) => cell.padStart(widths[i]!)).join(' | ');
  const rule = widths.map((width) => '-'.repeat(width + 2)).join('+');
  return [line(table.columns), rule, ...table.rows.map(line), '', `(${table.rows.length} rows)`, ''].join(
    '\n',
  );
}
