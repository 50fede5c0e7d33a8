import { UpstreamUnavailableError, WriteUnavailableError } from '../../kit/errors/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import type { QueryResult, SqlClient, SqlExecutor } from '../sql/index.ts';
import { ClusterResolver } from './cluster-resolver.ts';
import { PgMemberPool, type MemberPool } from './member-pool.ts';
import {
  describeView,
  fetchClusterView,
  type ClusterView,
  type FetchJson,
  type MemberAddress,
} from './patroni-cluster.ts';
import type { PostgresOptions } from './postgres-options.ts';
import {
  ConnectionLostError,
  describeFailure,
  failureKind,
  sqlStateOf,
  type FailureKind,
} from './postgres-failure.ts';
import { readOrder } from './read-routing.ts';
import { STREAMING_REPLICAS_SQL, withStreamingState } from './replication-state.ts';

/** What the router did that an operator (and later a metric) should know about. */
export type RoutingEvent =
  | { type: 'leader-changed'; from: string | null; to: string | null; view: string }
  | { type: 'write-retried'; member: string; reason: FailureKind }
  | { type: 'write-unavailable'; member: string | null; reason: string }
  | { type: 'read-fallback'; from: string; reason: string }
  | { type: 'patroni-unreachable'; reason: string }
  | { type: 'idle-connection-lost'; member: string; reason: string };

/** Collaborators, replaceable in tests. */
export interface RouterDeps {
  readonly clock: Clock;
  /** Opens a member's pool; default: a pg Pool. */
  readonly openPool?: (member: MemberAddress, onIdleError: (error: Error) => void) => MemberPool;
  /** Fetches Patroni's JSON; default: `fetch`. */
  readonly fetchJson?: FetchJson;
  readonly onEvent?: (event: RoutingEvent) => void;
}

type WorkUnit = 'statement' | 'transaction';

/**
 * PostgreSQL behind Patroni, as one SqlClient. Writes and transactions go to the leader, reads
 * to a readable replica with the leader as fallback (see `readOrder`). The leader is whatever
 * Patroni's `/cluster` says; when a write lands on a member that turned into a replica
 * (SQLSTATE 25006) or the leader's connection fails, the router asks Patroni again (rate
 * limited) and retries once — only when the retry cannot apply a write twice: nothing was sent,
 * the server refused it, or an open transaction died before its COMMIT. Everything else is
 * surfaced: a write the leader could not take as WriteUnavailableError (503, Retry-After),
 * a read no member answered as UpstreamUnavailableError, a statement's own error as it is.
 */
export class PatroniSqlClient implements SqlClient {
  readonly #options: PostgresOptions;
  readonly #clock: Clock;
  readonly #resolver: ClusterResolver;
  readonly #openPool: (member: MemberAddress, onIdleError: (error: Error) => void) => MemberPool;
  readonly #emit: (event: RoutingEvent) => void;
  readonly #pools = new Map<string, MemberPool>();
  #lastWriteAt = Number.NEGATIVE_INFINITY;
  #closed = false;

  private constructor(options: PostgresOptions, deps: RouterDeps) {
    this.#options = options;
    this.#clock = deps.clock;
    this.#emit = deps.onEvent ?? (() => undefined);
    this.#openPool =
      deps.openPool ?? ((member, onIdleError) => PgMemberPool.open(member, options, deps.clock, onIdleError));
    this.#resolver = new ClusterResolver({
      clock: deps.clock,
      minIntervalMs: options.minResolveIntervalMs,
      maxAgeMs: options.viewMaxAgeMs,
      fetch: async (signal) => {
        const view = await fetchClusterView(
          {
            patroniUrls: options.patroniUrls,
            timeoutMs: options.connectTimeoutMs,
            maxLagBytes: options.maxReplicaLagBytes,
            clock: deps.clock,
            ...(deps.fetchJson ? { fetchJson: deps.fetchJson } : {}),
          },
          signal,
        );
        return withStreamingState(view, await this.#streamingReplicas(view));
      },
      onChange: (next, previous) => this.#adopt(next, previous),
      onError: (error) => this.#emit({ type: 'patroni-unreachable', reason: describeFailure(error) }),
    });
  }

  /** The members the leader streams WAL to, or undefined when the leader cannot be asked. */
  async #streamingReplicas(view: ClusterView): Promise<ReadonlySet<string> | undefined> {
    if (!view.leader || this.#closed) return undefined;
    try {
      const { rows } = await this.#pool(view.leader).query<{ application_name: string }>(
        STREAMING_REPLICAS_SQL,
        [],
      );
      return new Set(rows.map((row) => row.application_name));
    } catch {
      // The leader is down or unreachable: the caller learns that from its own statements.
      return undefined;
    }
  }

  /** Asks Patroni who leads, then makes sure the service's database answers there. */
  static async open(options: PostgresOptions, deps: RouterDeps): Promise<PatroniSqlClient> {
    const client = new PatroniSqlClient(options, deps);
    try {
      const view = await client.#resolver.resolveNow();
      if (!view.leader) throw new Error(`Patroni reports no running leader (${describeView(view)})`);
      await client.#pool(view.leader).query('SELECT 1', []);
    } catch (error) {
      await client.close();
      throw new Error(`cannot open PostgreSQL database '${options.database}': ${explainOpenFailure(error)}`, {
        cause: error,
      });
    }
    return client;
  }

  /** The cluster as last resolved. */
  get view(): ClusterView | undefined {
    return this.#resolver.view;
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> {
    return this.#write('statement', (pool) => pool.query<Row>(sql, params));
  }

  async exec(sql: string): Promise<void> {
    await this.#write('statement', (pool) => pool.exec(sql));
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#write('transaction', (pool) => pool.transaction(work));
  }

  async read<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> {
    this.#assertOpen();
    this.#resolver.refreshIfStale();
    const view = this.#resolver.view ?? (await this.#resolver.reresolve());
    const fresh = this.#clock.now() - this.#lastWriteAt < this.#options.readYourWritesMs;
    // Two members at most: a read's latency stays bounded by two acquire + query timeouts.
    const candidates = readOrder(view, fresh).slice(0, 2);
    const failures: string[] = [];
    let lastError: unknown;
    for (const member of candidates) {
      try {
        return await this.#pool(member).query<Row>(sql, params);
      } catch (error) {
        if (failureKind(error) === 'statement') throw error;
        lastError = error;
        failures.push(describeFailure(error));
        this.#emit({ type: 'read-fallback', from: member.name, reason: describeFailure(error) });
        void this.#resolver.reresolve();
      }
    }
    const reason =
      candidates.length === 0
        ? `no PostgreSQL member to read from (${view ? describeView(view) : 'Patroni has not answered'})`
        : `no PostgreSQL member answered the read: ${failures.join('; ')}`;
    throw new UpstreamUnavailableError('postgres', reason, this.#options.writeRetryAfterSeconds, {
      cause: lastError,
    });
  }

  /** `SELECT 1` on the leader, without retries: the health check's probe. */
  async ping(): Promise<Record<string, unknown>> {
    this.#assertOpen();
    const leader = this.#resolver.view?.leader;
    if (!leader) throw new Error('no PostgreSQL leader');
    const started = this.#clock.now();
    await this.#pool(leader).query('SELECT 1', []);
    return {
      leader: leader.name,
      database: this.#options.database,
      answeredInMs: this.#clock.now() - started,
    };
  }

  /** Asks Patroni now (the health check), and routes by the answer from then on. */
  async refreshView(signal?: AbortSignal): Promise<ClusterView> {
    return this.#resolver.resolveNow(signal);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  async #write<T>(unit: WorkUnit, work: (pool: MemberPool) => Promise<T>): Promise<T> {
    this.#assertOpen();
    this.#resolver.refreshIfStale();
    let retried = false;
    for (;;) {
      const leader = this.#resolver.view?.leader ?? (await this.#resolver.reresolve())?.leader ?? null;
      if (!leader) throw this.#writeUnavailable(null, 'Patroni reports no running leader', undefined);
      try {
        const result = await work(this.#pool(leader));
        this.#lastWriteAt = this.#clock.now();
        return result;
      } catch (error) {
        const kind = failureKind(error);
        if (kind === 'statement') throw error;
        if (retried || !safeToRetry(kind, unit)) {
          void this.#resolver.reresolve();
          throw this.#writeUnavailable(leader.name, describeFailure(error), error);
        }
        const next = (await this.#resolver.reresolve())?.leader ?? null;
        // The same leader that just refused or could not be reached would fail the same way —
        // unless only the connection died, when a fresh one may well work.
        if (kind !== 'lost' && sameMember(next, leader))
          throw this.#writeUnavailable(leader.name, describeFailure(error), error);
        retried = true;
        this.#emit({ type: 'write-retried', member: leader.name, reason: kind });
      }
    }
  }

  #writeUnavailable(member: string | null, reason: string, cause: unknown): WriteUnavailableError {
    this.#emit({ type: 'write-unavailable', member, reason });
    const where = member ? `the PostgreSQL leader ${member}` : 'PostgreSQL';
    return new WriteUnavailableError(
      `${where} cannot take writes for '${this.#options.database}' now: ${reason}`,
      this.#options.writeRetryAfterSeconds,
      { cause },
    );
  }

  #pool(member: MemberAddress): MemberPool {
    const key = poolKey(member);
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = this.#openPool(member, (error) =>
        this.#emit({ type: 'idle-connection-lost', member: member.name, reason: describeFailure(error) }),
      );
      this.#pools.set(key, pool);
    }
    return pool;
  }

  /** A new leader or readable set: say so, and close pools of members we no longer route to. */
  #adopt(next: ClusterView, previous: ClusterView | undefined): void {
    if (previous?.leader?.name !== next.leader?.name)
      this.#emit({
        type: 'leader-changed',
        from: previous?.leader?.name ?? null,
        to: next.leader?.name ?? null,
        view: describeView(next),
      });
    const routed = new Set(readOrder(next, true).map(poolKey));
    for (const [key, pool] of this.#pools) {
      if (routed.has(key)) continue;
      this.#pools.delete(key);
      // In-flight statements finish first; close() is bounded and never rejects.
      void pool.close();
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error(`the PostgreSQL client for '${this.#options.database}' is closed`);
  }
}

/** Whether running the work again cannot apply a write twice. */
function safeToRetry(kind: FailureKind, unit: WorkUnit): boolean {
  if (kind === 'read-only' || kind === 'unreachable') return true;
  // The server rolls back a transaction whose connection dies before COMMIT; an auto-committed
  // statement may have committed just before its answer was lost.
  return kind === 'lost' && unit === 'transaction';
}

function poolKey(member: MemberAddress): string {
  return `${member.name}@${member.host}:${member.port}`;
}

function sameMember(a: MemberAddress | null, b: MemberAddress): boolean {
  return a !== null && poolKey(a) === poolKey(b);
}

function explainOpenFailure(error: unknown): string {
  const cause = error instanceof ConnectionLostError ? error.cause : error;
  if (sqlStateOf(cause) === '3D000')
    return `${describeFailure(cause)} (butterfly up creates a database for each PostgreSQL service)`;
  return describeFailure(error);
}
