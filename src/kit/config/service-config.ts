import { z } from 'zod';
import { DURATION_FORMAT, parseDuration } from '../time/index.ts';
import { EMBEDDED_PORTS, SERVICE_NAMES, type ServiceName } from '../platform/index.ts';

/** A duration given as text or milliseconds, parsed by the one duration parser. */
const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration: ${DURATION_FORMAT}; got '${value}'` });
    return z.NEVER;
  }
  return ms;
});

/** A comma-separated list, e.g. `127.0.2.1,127.0.2.2`. */
const list = z.string().transform((text) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const apiKey = z.object({
  key: z.string().min(16, 'API keys must be at least 16 characters'),
  tenant: z.string().optional(),
  roles: z.array(z.string()).default([]),
  name: z.string().optional(),
});

const jsonText = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const peerUrls = Object.fromEntries(
  SERVICE_NAMES.map((name) => [`BUTTERFLY_${name.toUpperCase()}_URL`, url.optional()]),
) as Record<`BUTTERFLY_${Uppercase<ServiceName>}_URL`, z.ZodOptional<typeof url>>;

/**
 * Every setting a service reads, keyed by its environment variable so a validation error
 * names exactly the variable to fix. docs/configuration.md describes each.
 */
export const serviceEnvSchema = z.object({
  BUTTERFLY_HOST: z.string().default('127.0.0.1'),
  BUTTERFLY_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  BUTTERFLY_PROFILE: z.enum(['embedded', 'local', 'kubernetes']).default('embedded'),
  BUTTERFLY_STATE_DIR: z.string().default('.butterfly/embedded'),
  BUTTERFLY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BUTTERFLY_AUTH: z.enum(['auto', 'on', 'off']).default('auto'),
  BUTTERFLY_JWT_SECRET: z.string().min(32, 'HS256 secrets must be at least 32 characters').optional(),
  BUTTERFLY_JWT_PUBLIC_KEY: z.string().optional(),
  BUTTERFLY_API_KEYS: jsonText(z.array(apiKey)).optional(),
  BUTTERFLY_PEER_API_KEY: z.string().optional(),
  BUTTERFLY_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  BUTTERFLY_HEALTH_TIMEOUT: duration.default(2000),
  BUTTERFLY_SHUTDOWN_TIMEOUT: duration.default(10_000),
  BUTTERFLY_PEER_TIMEOUT: duration.default(2000),
  // Every cross-service call: its breaker (resilience4j's terms), its retries, the address it leaves from.
  BUTTERFLY_BREAKER_WINDOW_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  BUTTERFLY_BREAKER_MINIMUM_CALLS: z.coerce.number().int().min(1).max(1000).default(5),
  BUTTERFLY_BREAKER_FAILURE_RATE: z.coerce.number().int().min(1).max(100).default(50),
  BUTTERFLY_BREAKER_OPEN_DURATION: duration.default(15_000),
  BUTTERFLY_BREAKER_HALF_OPEN_CALLS: z.coerce.number().int().min(1).max(100).default(3),
  BUTTERFLY_PEER_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  BUTTERFLY_PEER_RETRY_DELAY: duration.default(100),
  BUTTERFLY_PEER_RETRY_MAX_DELAY: duration.default(1000),
  BUTTERFLY_PEER_SOURCE_ADDRESS: z
    .union([z.literal('none'), z.ipv4(), z.ipv6()], {
      error: "expected an IP address of this host, or 'none'",
    })
    .optional(),
  BUTTERFLY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1000),
  BUTTERFLY_OUTBOX_INTERVAL: duration.default(250),
  BUTTERFLY_CACHE_TTL: duration.default(30_000),
  BUTTERFLY_POLICY_MAX_STALENESS: duration.default(3_600_000),
  // The local profile's engines (defaults: the local topology's addresses).
  BUTTERFLY_CASSANDRA_CONTACT_POINTS: list.default(['127.0.2.1', '127.0.2.2', '127.0.2.3']),
  BUTTERFLY_CASSANDRA_DATACENTER: z.string().min(1).default('datacenter1'),
  BUTTERFLY_CASSANDRA_KEYSPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,47}$/, 'a CQL identifier')
    .default('butterfly'),
  BUTTERFLY_PATRONI_URLS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(url).min(1))
    .default(['http://127.0.3.1:8008', 'http://127.0.3.2:8008']),
  BUTTERFLY_PG_USER: z.string().min(1).default('postgres'),
  BUTTERFLY_PG_PASSWORD: z.string().default('postgres'),
  BUTTERFLY_REDIS_NODES: list.default(['127.0.4.1:6379', '127.0.4.2:6379', '127.0.4.3:6379']),
  BUTTERFLY_DB_CONNECT_TIMEOUT: duration.default(2000),
  BUTTERFLY_DB_QUERY_TIMEOUT: duration.default(2000),
  BUTTERFLY_DB_ACQUIRE_TIMEOUT: duration.default(1000),
  BUTTERFLY_REDIS_COMMAND_TIMEOUT: duration.default(250),
  ...peerUrls,
});

/** The raw, validated environment. */
export type ServiceEnv = z.output<typeof serviceEnvSchema>;

/** The compiled, frozen settings of one service process. */
export interface ServiceConfig {
  readonly service: ServiceName;
  readonly host: string;
  readonly port: number;
  readonly profile: 'embedded' | 'local' | 'kubernetes';
  readonly stateDir: string;
  readonly logLevel: string;
  readonly auth: {
    readonly mode: 'on' | 'off';
    readonly jwtSecret?: string;
    readonly jwtPublicKey?: string;
    readonly apiKeys: readonly { key: string; tenant?: string; roles: readonly string[]; name?: string }[];
    readonly peerApiKey?: string;
  };
  readonly bodyLimitBytes: number;
  readonly healthTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly peerTimeoutMs: number;
  /** The breaker of every peer client (`<peer>-client`); failureRateThreshold in percent. */
  readonly breaker: {
    readonly windowSize: number;
    readonly minimumCalls: number;
    readonly failureRateThreshold: number;
    readonly openMs: number;
    readonly halfOpenCalls: number;
  };
  /** Retries of idempotent peer calls; `attempts` counts the first. */
  readonly peerRetry: {
    readonly attempts: number;
    readonly initialDelayMs: number;
    readonly maxDelayMs: number;
  };
  /** The local address peer connections leave from; absent, the kernel chooses. */
  readonly peerSourceAddress?: string;
  readonly rateLimitPerMinute: number;
  readonly outboxIntervalMs: number;
  readonly cacheTtlMs: number;
  /** How old PLATO's cached policies may get while the store is down before evaluations stop. */
  readonly policyMaxStalenessMs: number;
  /** Where the local profile's engines are, and the client timeouts every engine client uses. */
  readonly engines: {
    readonly cassandra: {
      readonly contactPoints: readonly string[];
      readonly datacenter: string;
      readonly keyspace: string;
    };
    readonly postgres: {
      readonly patroniUrls: readonly string[];
      readonly user: string;
      readonly password: string;
    };
    readonly redis: { readonly nodes: readonly string[] };
    readonly connectTimeoutMs: number;
    readonly queryTimeoutMs: number;
    readonly acquireTimeoutMs: number;
    readonly redisCommandTimeoutMs: number;
  };
  readonly peers: Readonly<Record<ServiceName, string>>;
}

/** The URL of each peer when none is configured: the embedded profile's loopback ports. */
export function defaultPeerUrl(name: ServiceName): string {
  return `http://127.0.0.1:${EMBEDDED_PORTS[name]}`;
}
