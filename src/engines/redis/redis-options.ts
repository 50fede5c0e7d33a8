import type { ServiceConfig } from '../../kit/config/index.ts';
import { ConfigError } from '../../kit/errors/index.ts';

/** One node the client starts from; the cluster tells it about the others. */
export interface RedisNodeAddress {
  readonly host: string;
  readonly port: number;
}

/** The client's settings, compiled once from the service's config and frozen. */
export interface CompiledRedisOptions {
  /** `CLIENT SETNAME` of every connection, so `CLIENT LIST` shows which service holds it. */
  readonly clientName: string;
  readonly nodes: readonly RedisNodeAddress[];
  /** Budget for opening a TCP connection to one node. */
  readonly connectTimeoutMs: number;
  /** Budget for one operation, including the client's own redirections and retries. */
  readonly commandTimeoutMs: number;
  /** Reconnect backoff after the whole cluster was lost: doubling from base, capped. */
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  /** How often the client re-reads the slot map, so a promoted replica is found without a MOVED. */
  readonly slotsRefreshIntervalMs: number;
}

const RECONNECT_BASE_MS = 100;
// Short enough that a healed cluster is used again within seconds, long enough that a dead one costs little.
const RECONNECT_MAX_MS = 2000;
const SLOTS_REFRESH_INTERVAL_MS = 2000;

/** Compiles the Redis settings from the service config; a bad node address is named in a ConfigError. */
export function compileRedisOptions(
  config: Pick<ServiceConfig, 'engines' | 'service'>,
): CompiledRedisOptions {
  const { redis, connectTimeoutMs, redisCommandTimeoutMs } = config.engines;
  if (redis.nodes.length === 0)
    throw new ConfigError([{ field: 'BUTTERFLY_REDIS_NODES', message: 'at least one host:port is needed' }]);
  return Object.freeze({
    clientName: `butterfly-${config.service}`,
    nodes: Object.freeze(redis.nodes.map(parseNodeAddress)),
    connectTimeoutMs,
    commandTimeoutMs: redisCommandTimeoutMs,
    reconnectBaseMs: RECONNECT_BASE_MS,
    reconnectMaxMs: RECONNECT_MAX_MS,
    slotsRefreshIntervalMs: SLOTS_REFRESH_INTERVAL_MS,
  });
}

/** Parses `host:port` (IPv6 as `[::1]:6379`); throws a ConfigError naming the value. */
export function parseNodeAddress(text: string): RedisNodeAddress {
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new ConfigError([{ field: 'BUTTERFLY_REDIS_NODES', message: `expected host:port, got '${text}'` }]);
  }
  return Object.freeze({ host: (match[1] ?? match[2])!, port });
}

/**
 * The delay before reconnect attempt `attempt` (1-based): doubling from the base up to the cap,
 * with the upper half jittered so that many instances do not reconnect in lockstep. It never
 * gives up: the runbook promises a return to Redis after the cluster heals, without restarts.
 */
export function reconnectDelayMs(
  options: Pick<CompiledRedisOptions, 'reconnectBaseMs' | 'reconnectMaxMs'>,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(options.reconnectMaxMs, options.reconnectBaseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
