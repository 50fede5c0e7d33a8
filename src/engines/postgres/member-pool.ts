import { Pool } from 'pg';
import { withDeadline, type Clock } from '../../kit/time/index.ts';
import type { QueryResult, SqlExecutor } from '../sql/index.ts';
import type { MemberAddress } from './patroni-cluster.ts';
import type { PostgresOptions } from './postgres-options.ts';
import {
  ConnectionLostError,
  DeadlineExceededError,
  isSessionFailure,
  type ConnectionPhase,
} from './postgres-failure.ts';

/** Statements on one PostgreSQL member. Failures of the connection come out as ConnectionLostError. */
export interface MemberPool {
  readonly member: MemberAddress;
  /** One auto-committed statement. */
  query<Row>(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>>;
  /** A parameterless script of one or more statements. */
  exec(sql: string): Promise<void>;
  /** `work` in one transaction on one connection. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Stops handing out connections and closes them (bounded: a dead socket does not hold it up). */
  close(): Promise<void>;
}

/** A checked-out connection: the part of pg's PoolClient used here. */
export interface PgConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  /** Back to the pool; a truthy argument destroys the connection instead. */
  release(destroy?: boolean | Error): void;
}

/** The part of pg's Pool used here (a fake stands in for it in unit tests). */
export interface PgPool {
  connect(): Promise<PgConnection>;
  end(): Promise<void>;
}

/** Timeouts a MemberPool enforces itself, on the injected clock. */
export interface MemberPoolLimits {
  readonly acquireTimeoutMs: number;
  readonly queryTimeoutMs: number;
  /** Bound on close(); past it the sockets are abandoned to the process's exit. */
  readonly closeTimeoutMs: number;
}

/**
 * One member's connections, over a pg Pool.
 *
 * node-postgres bounds a new connection (`connectionTimeoutMillis`) and a statement
 * (`query_timeout`) with the global timers, and has no bound of its own for the wait on a busy
 * pool (it reuses the connect timeout). Both deadlines the router depends on are therefore
 * enforced here, on the injected clock: acquiring a connection — waiting for a free one plus
 * connecting a new one — takes at most `acquireTimeoutMs`, and a statement's answer at most
 * `queryTimeoutMs`. The server's own `statement_timeout` is set to the same value so it stops
 * working when we stop waiting; a connection we gave up on mid-statement is destroyed, never
 * reused.
 */
export class PgMemberPool implements MemberPool {
  readonly member: MemberAddress;
  readonly #pool: PgPool;
  readonly #limits: MemberPoolLimits;
  readonly #clock: Clock;

  constructor(member: MemberAddress, pool: PgPool, limits: MemberPoolLimits, clock: Clock) {
    this.member = member;
    this.#pool = pool;
    this.#limits = limits;
    this.#clock = clock;
  }

  /** A pg Pool for `member` configured from the options; `onIdleError` hears about connections that die while idle. */
  static open(
    member: MemberAddress,
    options: PostgresOptions,
    clock: Clock,
    onIdleError: (error: Error) => void,
  ): PgMemberPool {
    const pool = new Pool({
      host: member.host,
      port: member.port,
      database: options.database,
      user: options.user,
      // A function, so the secret is read when connecting and never sits in a loggable config object.
      password: options.password,
      application_name: options.applicationName,
      max: options.poolSize,
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.queryTimeoutMs,
      // A client that vanishes mid-transaction (a partition) must not hold row locks for long.
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs,
      idleTimeoutMillis: options.idleTimeoutMs,
      keepAlive: true,
    });
    // Without a listener an idle connection's error (its server died) would crash the process.
    pool.on('error', onIdleError);
    return new PgMemberPool(
      member,
      pool,
      {
        acquireTimeoutMs: options.acquireTimeoutMs,
        queryTimeoutMs: options.queryTimeoutMs,
        closeTimeoutMs: options.connectTimeoutMs,
      },
      clock,
    );
  }

  async query<Row>(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>> {
    const connection = await this.#acquire();
    try {
      const result = await this.#statement<Row>(connection, sql, [...params], 'in-flight');
      connection.release();
      return result;
    } catch (error) {
      connection.release(error instanceof ConnectionLostError);
      throw error;
    }
  }

  async exec(sql: string): Promise<void> {
    // No parameters: node-postgres uses the simple protocol, which takes several statements.
    await this.query(sql, []);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const connection = await this.#acquire();
    const tx: SqlExecutor = {
      query: <Row>(sql: string, params: readonly unknown[] = []) =>
        this.#statement<Row>(connection, sql, [...params], 'in-flight'),
      exec: async (sql: string) => {
        await this.#statement(connection, sql, [], 'in-flight');
      },
    };
    try {
      await this.#statement(connection, 'BEGIN', [], 'in-flight');
      const result = await work(tx);
      await this.#statement(connection, 'COMMIT', [], 'commit');
      connection.release();
      return result;
    } catch (error) {
      if (error instanceof ConnectionLostError) {
        connection.release(true);
        throw error;
      }
      // A refused statement or the store's own error: roll back and keep the connection.
      try {
        await this.#statement(connection, 'ROLLBACK', [], 'in-flight');
        connection.release();
      } catch {
        connection.release(true);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await withDeadline(
      this.#clock,
      this.#limits.closeTimeoutMs,
      this.#pool.end(),
      () =>
        new DeadlineExceededError(`closing connections to ${this.member.name}`, this.#limits.closeTimeoutMs),
    ).catch(() => undefined);
  }

  async #acquire(): Promise<PgConnection> {
    const pending = this.#pool.connect();
    try {
      return await withDeadline(
        this.#clock,
        this.#limits.acquireTimeoutMs,
        pending,
        () => new DeadlineExceededError(`a connection to ${this.member.name}`, this.#limits.acquireTimeoutMs),
      );
    } catch (error) {
      // A connection that arrives after we gave up goes straight back to the pool.
      pending.then(
        (connection) => connection.release(),
        () => undefined,
      );
      throw new ConnectionLostError(
        'acquire',
        this.member.name,
        error instanceof DeadlineExceededError,
        error,
      );
    }
  }

  async #statement<Row>(
    connection: PgConnection,
    sql: string,
    params: unknown[],
    phase: ConnectionPhase,
  ): Promise<QueryResult<Row>> {
    try {
      const result = await withDeadline(
        this.#clock,
        this.#limits.queryTimeoutMs,
        params.length > 0 ? connection.query(sql, params) : connection.query(sql),
        () => new DeadlineExceededError(`a statement on ${this.member.name}`, this.#limits.queryTimeoutMs),
      );
      return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
    } catch (error) {
      if (error instanceof DeadlineExceededError)
        throw new ConnectionLostError(phase, this.member.name, true, error);
      if (isSessionFailure(error)) throw new ConnectionLostError(phase, this.member.name, false, error);
      throw error;
    }
  }
}
