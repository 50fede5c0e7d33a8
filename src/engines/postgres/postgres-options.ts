import type { ServiceConfig } from '../../kit/config/index.ts';

/** Everything the Patroni router needs, compiled once from the service's configuration. */
export interface PostgresOptions {
  /** Patroni REST APIs, one per member (`http://127.0.3.1:8008`, …). */
  readonly patroniUrls: readonly string[];
  /** The service's own database: its name (perception, odyssey, plato). */
  readonly database: string;
  readonly user: string;
  /**
   * The password, behind a function: node-postgres accepts one, and a function prints as
   * `[Function]`, so logging or serialising these options can never reveal the secret.
   */
  readonly password: () => string;
  /** What `pg_stat_activity` shows for our connections. */
  readonly applicationName: string;
  /** TCP connect plus authentication of one new connection; also bounds each Patroni question. */
  readonly connectTimeoutMs: number;
  /** One statement's answer (client side) and `statement_timeout` (server side). */
  readonly queryTimeoutMs: number;
  /** Getting a connection from a member's pool: the wait for a free one plus connecting a new one. */
  readonly acquireTimeoutMs: number;
  /** Connections per member. */
  readonly poolSize: number;
  /** An idle connection is closed after this long. */
  readonly idleTimeoutMs: number;
  /** The server ends a session idle inside a transaction for this long (a client gone mid-transaction). */
  readonly idleInTransactionTimeoutMs: number;
  /** A replica further behind than this (Patroni's `lag`) is read from only as a last resort. */
  readonly maxReplicaLagBytes: number;
  /** Reads within this long after this client's last write go to the leader first (read-your-writes). */
  readonly readYourWritesMs: number;
  /** Re-resolutions of the leader after failures happen at most this often. */
  readonly minResolveIntervalMs: number;
  /** A cluster view older than this is refreshed in the background when used. */
  readonly viewMaxAgeMs: number;
  /** Retry-After of a write refused because no leader takes it. */
  readonly writeRetryAfterSeconds: number;
}

/**
 * Router settings that are not in the service configuration (yet): chosen for the local
 * topology, overridable per client (tests use that).
 */
export const ROUTER_DEFAULTS = {
  poolSize: 10,
  idleTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 30_000,
  // Patroni's own maximum_lag_on_failover: a replica Patroni would promote is one we read from.
  maxReplicaLagBytes: 1024 * 1024,
  // Asynchronous replication on one machine replays in milliseconds; a second is ample margin.
  readYourWritesMs: 1000,
  // Patroni's loop runs every 2 s: asking more often than twice a second learns nothing new.
  minResolveIntervalMs: 500,
  viewMaxAgeMs: 10_000,
  // A crashed leader is replaced after Patroni's leader lease (ttl 20 s) runs out: seconds, not milliseconds.
  writeRetryAfterSeconds: 5,
} as const;

/** Settings that may be overridden per client. */
export type RouterOverrides = Partial<Omit<PostgresOptions, 'password'>>;

/** The router's options for a service: its database is named after it, the engines' settings come from the configuration. */
export function postgresOptionsFrom(
  config: Pick<ServiceConfig, 'engines' | 'service'>,
  overrides: RouterOverrides = {},
): PostgresOptions {
  const { postgres, connectTimeoutMs, queryTimeoutMs, acquireTimeoutMs } = config.engines;
  const password = postgres.password;
  return Object.freeze({
    ...ROUTER_DEFAULTS,
    patroniUrls: postgres.patroniUrls,
    database: config.service,
    user: postgres.user,
    password: () => password,
    applicationName: `butterfly-${config.service}`,
    connectTimeoutMs,
    queryTimeoutMs,
    acquireTimeoutMs,
    ...overrides,
  });
}
