import { Cluster, type ClusterOptions, type ClusterStatus } from 'ioredis';
import { ButterflyError, UpstreamUnavailableError } from '../../kit/errors/index.ts';
import { withDeadline, type Clock } from '../../kit/time/index.ts';
import { reconnectDelayMs, type CompiledRedisOptions } from './redis-options.ts';

/** The client's events that end a connection attempt without it becoming ready. */
const GAVE_UP = ['reconnecting', 'end', 'close'] as const;

/** Where the connection reports its transitions (a pino/Fastify logger fits). */
export interface RedisLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

/** The ioredis client type commands are run on. */
export type RedisClusterClient = Cluster;

/** What stores need from a connection: bounded commands. Fakes implement it in unit tests. */
export interface RedisCommandRunner {
  /** Runs one operation within the command timeout; any failure is an UpstreamUnavailableError. */
  run<T>(what: string, operation: (client: RedisClusterClient) => Promise<T>): Promise<T>;
}

/**
 * One service's connection to the Redis Cluster: an ioredis `Cluster` set up so that Redis can
 * never hold a request up. The offline queue is off (a command while the cluster is unreachable
 * fails at once instead of waiting for a reconnect), every operation has a deadline, and the
 * client reconnects in the background with a capped backoff, for ever, so a healed cluster is
 * used again without a restart.
 */
export class RedisConnection implements RedisCommandRunner {
  /** The ioredis client, for libraries that take one (rate-limiter-flexible's `storeClient`). */
  readonly client: RedisClusterClient;
  readonly options: CompiledRedisOptions;
  readonly #clock: Clock;
  readonly #log: RedisLog;
  /** Why the cluster is not usable; cleared when it is ready again. */
  #lastError: string | undefined;
  #wasReady = false;
  /** Nodes whose failure was logged while the cluster kept serving. */
  readonly #failingNodes = new Set<string>();
  #closed = false;

  constructor(options: CompiledRedisOptions, clock: Clock, log: RedisLog) {
    this.options = options;
    this.#clock = clock;
    this.#log = log;
    this.client = new Cluster(
      options.nodes.map((node) => ({ host: node.host, port: node.port })),
      clusterOptionsOf(options, () => this.#closed),
    );
    this.#watch();
  }

  /** Tracks readiness and the last error from the client's events, logging each outage once. */
  #watch(): void {
    this.client.on('ready', () => {
      this.#lastError = undefined;
      if (!this.#wasReady) this.#log.info({ nodes: this.#nodeList() }, 'redis cluster ready');
      this.#wasReady = true;
    });
    const unreachable = (error: Error & { lastNodeError?: Error }): void => {
      const first = this.#lastError === undefined;
      // "Failed to refresh slots cache." alone does not say why; the last node's error does.
      this.#lastError = error.lastNodeError
        ? `${error.message} (${error.lastNodeError.message})`
        : error.message;
      // One line per outage, not one per reconnect attempt.
      if (first && !this.#closed)
        this.#log.warn(
          { err: this.#lastError, nodes: this.#nodeList() },
          'redis cluster unreachable; retrying',
        );
    };
    this.client.on('error', unreachable);
    this.client.on('node error', (error: Error, node: string) => {
      if (this.client.status !== 'ready') return unreachable(error);
      // One node failing while the cluster serves (a killed master before its failover, a
      // replica): logged once until the client connects to that node again.
      if (this.#failingNodes.has(node) || this.#closed) return;
      this.#failingNodes.add(node);
      this.#log.warn({ node, err: error.message }, 'redis node unreachable; the cluster still serves');
    });
    this.client.on('+node', (redis: { options: { host?: string; port?: number } }) => {
      this.#failingNodes.delete(`${redis.options.host}:${redis.options.port}`);
    });
    this.client.on('close', () => {
      if (this.#wasReady && !this.#closed) this.#log.warn({}, 'redis cluster connection lost; reconnecting');
      this.#wasReady = false;
      this.#lastError ??= 'connection closed';
    });
  }

  /** Starts connecting in the background; commands fail fast until the cluster is ready. */
  connect(): void {
    if (this.client.status !== 'wait') return;
    // Failures surface through the 'error' events and the health component, not here.
    this.client.connect().catch(() => {});
  }

  /** The client's state: `ready` when commands can be sent. */
  get status(): ClusterStatus {
    return this.client.status;
  }

  /** Why the cluster is unusable, when it is. */
  get lastError(): string | undefined {
    return this.#lastError;
  }

  /**
   * Resolves true once ready; false when the attempt fails (the client goes on to reconnect or
   * end), after `ms`, or when `signal` aborts. Never rejects.
   */
  whenReady(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (this.client.status === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const settle = (ready: boolean): void => {
        timer.cancel();
        this.client.off('ready', onReady);
        for (const event of GAVE_UP) this.client.off(event, onFailure);
        signal?.removeEventListener('abort', onFailure);
        resolve(ready);
      };
      const onReady = (): void => settle(true);
      const onFailure = (): void => settle(false);
      const timer = this.#clock.schedule(ms, onFailure);
      this.client.once('ready', onReady);
      for (const event of GAVE_UP) this.client.once(event, onFailure);
      signal?.addEventListener('abort', onFailure, { once: true });
    });
  }

  async run<T>(what: string, operation: (client: RedisClusterClient) => Promise<T>): Promise<T> {
    try {
      const ms = this.options.commandTimeoutMs;
      return await withDeadline(this.#clock, ms, operation(this.client), () => noAnswerWithin(what, ms));
    } catch (error) {
      if (error instanceof ButterflyError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new UpstreamUnavailableError('redis', `${what}: ${reason}`, 1, { cause: error });
    }
  }

  /** Closes every node connection and stops reconnecting. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // `disconnect` rather than `quit`: a dead node must not hold shutdown up waiting for a reply.
    this.client.disconnect();
  }

  #nodeList(): string[] {
    return this.options.nodes.map((node) => `${node.host}:${node.port}`);
  }
}

/**
 * The error of a Redis operation that got no answer within its deadline, naming the operation.
 * ioredis's own commandTimeout starts only when a command reaches a node's socket; its
 * redirection and failover retries before that are not bounded by it, so every operation gets
 * an outer deadline too. The command is not cancelled (Redis commands cannot be), only abandoned.
 */
export function noAnswerWithin(what: string, ms: number): UpstreamUnavailableError {
  return new UpstreamUnavailableError('redis', `${what}: no answer within ${ms}ms`, 1);
}

/** The ioredis Cluster options: fail fast, short retries inside the outer deadline, bounded sockets. */
function clusterOptionsOf(options: CompiledRedisOptions, isClosed: () => boolean): ClusterOptions {
  return {
    // Nothing connects until `connect()`, so listeners are in place first and start-up never waits.
    lazyConnect: true,
    enableOfflineQueue: false,
    enableReadyCheck: true,
    clusterRetryStrategy: (attempt) => (isClosed() ? null : reconnectDelayMs(options, attempt)),
    // Redirections and failover retries are bounded by the outer deadline in `run`; these
    // keep each retry short so a command finds a promoted replica within it when it can.
    maxRedirections: 8,
    retryDelayOnFailover: 50,
    retryDelayOnClusterDown: 50,
    retryDelayOnTryAgain: 50,
    slotsRefreshTimeout: options.connectTimeoutMs,
    slotsRefreshInterval: options.slotsRefreshIntervalMs,
    redisOptions: {
      connectTimeout: options.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs,
      // A command queued on a node that is reconnecting fails with it rather than waiting.
      maxRetriesPerRequest: 0,
      // How long a closing socket may linger (default 2 s): a dead node must not hold shutdown up.
      disconnectTimeout: options.commandTimeoutMs,
      // The nodes announce their own loopback addresses, so no NAT map is needed.
      connectionName: options.clientName,
    },
  };
}
