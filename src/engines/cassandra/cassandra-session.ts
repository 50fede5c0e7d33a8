import { Client, types, type QueryOptions } from 'cassandra-driver';
import type { Clock } from '../../kit/time/index.ts';
import {
  clientOptionsFor,
  DEFAULT_CONSISTENCY,
  SERIAL_CONSISTENCY,
  type CassandraSettings,
} from './cassandra-options.ts';
import { storeErrorOf } from './cassandra-errors.ts';
import type { CqlStatement } from './cql-statement.ts';

/** One node as the driver sees it. */
export interface NodeState {
  /** The node's address without the CQL port, as `nodetool status` prints it. */
  address: string;
  up: boolean;
}

/** Where the driver's own log lines go (warnings and errors only). */
export interface DriverLog {
  warn(details: object, message: string): void;
}

/** Options of one statement's execution. */
export interface ExecuteOptions {
  fetchSize?: number;
  pageState?: string;
  readTimeoutMs?: number;
  /** Read at ONE instead of LOCAL_QUORUM: the quorum-loss fallback (see quorum-fallback.ts). */
  atOne?: boolean;
}

// The driver's metadata has this method at runtime but not in its type declarations.
interface SchemaAgreement {
  checkSchemaAgreement(): Promise<boolean>;
}

/**
 * A connected Cassandra client: statements run prepared, at LOCAL_QUORUM (LWTs at LOCAL_SERIAL),
 * marked idempotent only when they are, and failures the cluster causes surface as the kit's
 * retryable errors. One per service process; closed when the service closes.
 */
export class CassandraSession {
  readonly settings: CassandraSettings;
  readonly clock: Clock;
  readonly #client: Client;

  private constructor(client: Client, settings: CassandraSettings, clock: Clock) {
    this.#client = client;
    this.settings = settings;
    this.clock = clock;
  }

  /** Connects to the cluster (bounded by the connect timeout per contact point); fails with a clear reason. */
  static async connect(
    settings: CassandraSettings,
    clock: Clock,
    log?: DriverLog,
  ): Promise<CassandraSession> {
    const client = new Client(clientOptionsFor(settings));
    if (log) {
      client.on('log', (level: string, className: string, message: string) => {
        if (level === 'warning' || level === 'error')
          log.warn({ driver: className }, `cassandra-driver: ${message}`);
      });
    }
    try {
      await client.connect();
    } catch (error) {
      await client.shutdown().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `cannot connect to Cassandra at ${settings.contactPoints.join(', ')} (data center ${settings.datacenter}, keyspace ${settings.keyspace}): ${reason}`,
        { cause: error },
      );
    }
    return new CassandraSession(client, settings, clock);
  }

  /** Runs one statement; cluster-side failures become WriteUnavailableError / UpstreamUnavailableError. */
  async execute(statement: CqlStatement, options: ExecuteOptions = {}): Promise<types.ResultSet> {
    try {
      return await this.#client.execute(
        statement.cql,
        [...statement.params],
        queryOptionsOf(statement, options),
      );
    } catch (error) {
      throw storeErrorOf(error, statement.kind);
    }
  }

  /**
   * The rows of a read, page by page (`fetchSize` rows per round trip), so a long partition is
   * never held in one response. Stop iterating to stop fetching.
   */
  async *rows(
    statement: CqlStatement,
    fetchSize: number,
    options: Pick<ExecuteOptions, 'atOne'> = {},
  ): AsyncGenerator<types.Row> {
    let pageState: string | undefined;
    do {
      const result = await this.execute(statement, {
        ...options,
        fetchSize,
        ...(pageState ? { pageState } : {}),
      });
      yield* result.rows;
      pageState = result.pageState ?? undefined;
    } while (pageState);
  }

  /** Runs a schema change with the schema budget; the driver waits for agreement before answering. */
  async executeSchemaChange(cql: string): Promise<void> {
    await this.#client.execute(cql, [], { readTimeout: this.settings.schemaTimeoutMs, isIdempotent: true });
  }

  /** True when every live node reports the same schema version. */
  async schemaAgreed(): Promise<boolean> {
    return (this.#client.metadata as unknown as SchemaAgreement).checkSchemaAgreement();
  }

  /** Every node the driver knows of (contact points and discovered peers) and whether it is up. */
  nodes(): NodeState[] {
    return this.#client.hosts
      .values()
      .map((host) => ({ address: host.address.replace(/:\d+$/, ''), up: host.isUp() }))
      .sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await this.#client.shutdown();
  }
}

/** The driver options of one statement: prepared, its consistency, and whether it may run twice. */
export function queryOptionsOf(statement: CqlStatement, options: ExecuteOptions = {}): QueryOptions {
  return {
    prepare: true,
    isIdempotent: statement.idempotent,
    consistency: consistencyOf(statement, options),
    ...(statement.lwt ? { serialConsistency: SERIAL_CONSISTENCY } : {}),
    ...(options.fetchSize !== undefined ? { fetchSize: options.fetchSize } : {}),
    ...(options.pageState !== undefined ? { pageState: options.pageState } : {}),
    ...(options.readTimeoutMs !== undefined ? { readTimeout: options.readTimeoutMs } : {}),
  };
}

function consistencyOf(statement: CqlStatement, options: ExecuteOptions): types.consistencies {
  if (statement.serialRead) return SERIAL_CONSISTENCY;
  if (options.atOne) {
    // ONE is only ever a read's fallback: a write at ONE would be acknowledged by a single replica.
    if (statement.kind !== 'read') throw new Error(`only reads may run at ONE: ${statement.cql}`);
    return types.consistencies.one;
  }
  return DEFAULT_CONSISTENCY;
}
