import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError, type FieldIssue } from '../errors/index.ts';
import { EMBEDDED_PORTS, SERVICE_NAMES, type ServiceName } from '../platform/index.ts';
import { isLoopbackHost } from './loopback.ts';
import { defaultPeerUrl, serviceEnvSchema, type ServiceConfig, type ServiceEnv } from './service-config.ts';

type Environment = Record<string, string | undefined>;

/**
 * Reads and validates a service's configuration once, at startup: the optional YAML file named
 * by BUTTERFLY_CONFIG_FILE (keys are the environment variable names) overlaid by the
 * environment. Throws ConfigError naming every bad key.
 */
export function loadServiceConfig(service: ServiceName, env: Environment = process.env): ServiceConfig {
  const merged = { ...readConfigFile(env.BUTTERFLY_CONFIG_FILE), ...definedOnly(env) };
  const parsed = serviceEnvSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
    );
  }
  return compile(service, parsed.data);
}

function compile(service: ServiceName, env: ServiceEnv): ServiceConfig {
  const issues: FieldIssue[] = [];
  const auth = authOf(env, issues);
  issues.push(...peerCallIssues(env));
  if (issues.length > 0) throw new ConfigError(issues);

  const peers = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, env[`BUTTERFLY_${upper(name)}_URL`] ?? defaultPeerUrl(name)]),
  ) as Record<ServiceName, string>;

  return deepFreeze({
    service,
    host: env.BUTTERFLY_HOST,
    port: env.BUTTERFLY_PORT ?? EMBEDDED_PORTS[service],
    profile: env.BUTTERFLY_PROFILE,
    stateDir: resolve(env.BUTTERFLY_STATE_DIR),
    logLevel: env.BUTTERFLY_LOG_LEVEL,
    auth,
    bodyLimitBytes: env.BUTTERFLY_BODY_LIMIT,
    healthTimeoutMs: env.BUTTERFLY_HEALTH_TIMEOUT,
    shutdownTimeoutMs: env.BUTTERFLY_SHUTDOWN_TIMEOUT,
    peerTimeoutMs: env.BUTTERFLY_PEER_TIMEOUT,
    breaker: {
      windowSize: env.BUTTERFLY_BREAKER_WINDOW_SIZE,
      minimumCalls: env.BUTTERFLY_BREAKER_MINIMUM_CALLS,
      failureRateThreshold: env.BUTTERFLY_BREAKER_FAILURE_RATE,
      openMs: env.BUTTERFLY_BREAKER_OPEN_DURATION,
      halfOpenCalls: env.BUTTERFLY_BREAKER_HALF_OPEN_CALLS,
    },
    peerRetry: {
      attempts: env.BUTTERFLY_PEER_RETRY_ATTEMPTS,
      initialDelayMs: env.BUTTERFLY_PEER_RETRY_DELAY,
      maxDelayMs: env.BUTTERFLY_PEER_RETRY_MAX_DELAY,
    },
    ...peerSourceAddressOf(env),
    rateLimitPerMinute: env.BUTTERFLY_RATE_LIMIT_PER_MINUTE,
    outboxIntervalMs: env.BUTTERFLY_OUTBOX_INTERVAL,
    cacheTtlMs: env.BUTTERFLY_CACHE_TTL,
    policyMaxStalenessMs: env.BUTTERFLY_POLICY_MAX_STALENESS,
    engines: enginesOf(env),
    peers,
  });
}

/** The auth settings; a mode the address or the credentials do not allow is an issue. */
function authOf(env: ServiceEnv, issues: FieldIssue[]): ServiceConfig['auth'] {
  const loopback = isLoopbackHost(env.BUTTERFLY_HOST);
  const mode = env.BUTTERFLY_AUTH === 'auto' ? (loopback ? 'off' : 'on') : env.BUTTERFLY_AUTH;
  if (mode === 'off' && !loopback) {
    issues.push({
      field: 'BUTTERFLY_AUTH',
      message: `auth may be off only on a loopback address; BUTTERFLY_HOST is '${env.BUTTERFLY_HOST}' (set BUTTERFLY_AUTH=on with credentials, or bind to 127.0.0.1)`,
    });
  }
  const jwtPublicKey = readPublicKey(env.BUTTERFLY_JWT_PUBLIC_KEY, issues);
  const apiKeys = env.BUTTERFLY_API_KEYS ?? [];
  if (mode === 'on' && !env.BUTTERFLY_JWT_SECRET && !jwtPublicKey && apiKeys.length === 0) {
    issues.push({
      field: 'BUTTERFLY_AUTH',
      message:
        'auth is on but no credentials are configured: set BUTTERFLY_JWT_SECRET, BUTTERFLY_JWT_PUBLIC_KEY or BUTTERFLY_API_KEYS',
    });
  }
  return {
    mode,
    ...(env.BUTTERFLY_JWT_SECRET ? { jwtSecret: env.BUTTERFLY_JWT_SECRET } : {}),
    ...(jwtPublicKey ? { jwtPublicKey } : {}),
    apiKeys,
    ...(env.BUTTERFLY_PEER_API_KEY ? { peerApiKey: env.BUTTERFLY_PEER_API_KEY } : {}),
  };
}

/** Where the local profile's engines are, and every engine client's timeouts. */
function enginesOf(env: ServiceEnv): ServiceConfig['engines'] {
  return {
    cassandra: {
      contactPoints: env.BUTTERFLY_CASSANDRA_CONTACT_POINTS,
      datacenter: env.BUTTERFLY_CASSANDRA_DATACENTER,
      keyspace: env.BUTTERFLY_CASSANDRA_KEYSPACE,
    },
    postgres: {
      patroniUrls: env.BUTTERFLY_PATRONI_URLS,
      user: env.BUTTERFLY_PG_USER,
      password: env.BUTTERFLY_PG_PASSWORD,
    },
    redis: { nodes: env.BUTTERFLY_REDIS_NODES },
    connectTimeoutMs: env.BUTTERFLY_DB_CONNECT_TIMEOUT,
    queryTimeoutMs: env.BUTTERFLY_DB_QUERY_TIMEOUT,
    acquireTimeoutMs: env.BUTTERFLY_DB_ACQUIRE_TIMEOUT,
    redisCommandTimeoutMs: env.BUTTERFLY_REDIS_COMMAND_TIMEOUT,
  };
}

/** Settings of peer calls that are only wrong together. */
function peerCallIssues(env: ServiceEnv): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (env.BUTTERFLY_BREAKER_MINIMUM_CALLS > env.BUTTERFLY_BREAKER_WINDOW_SIZE) {
    issues.push({
      field: 'BUTTERFLY_BREAKER_MINIMUM_CALLS',
      message: `must be at most BUTTERFLY_BREAKER_WINDOW_SIZE (${env.BUTTERFLY_BREAKER_WINDOW_SIZE}); got ${env.BUTTERFLY_BREAKER_MINIMUM_CALLS}`,
    });
  }
  // A call must end before the open period does, or it could be judged among the half-open probes.
  if (env.BUTTERFLY_BREAKER_OPEN_DURATION <= env.BUTTERFLY_PEER_TIMEOUT) {
    issues.push({
      field: 'BUTTERFLY_BREAKER_OPEN_DURATION',
      message: `must be longer than BUTTERFLY_PEER_TIMEOUT (${env.BUTTERFLY_PEER_TIMEOUT}ms); got ${env.BUTTERFLY_BREAKER_OPEN_DURATION}ms`,
    });
  }
  if (env.BUTTERFLY_PEER_RETRY_MAX_DELAY < env.BUTTERFLY_PEER_RETRY_DELAY) {
    issues.push({
      field: 'BUTTERFLY_PEER_RETRY_MAX_DELAY',
      message: `must be at least BUTTERFLY_PEER_RETRY_DELAY (${env.BUTTERFLY_PEER_RETRY_DELAY}ms); got ${env.BUTTERFLY_PEER_RETRY_MAX_DELAY}ms`,
    });
  }
  return issues;
}

/**
 * Where peer connections leave from: the setting, or else the listen address when it is a
 * loopback address of its own (a local-profile pod's 127.0.1.x). From 127.0.0.1, the kernel's
 * choice for any loopback connection, a partition between two pods could not be told apart.
 */
function peerSourceAddressOf(env: ServiceEnv): { peerSourceAddress?: string } {
  const setting = env.BUTTERFLY_PEER_SOURCE_ADDRESS;
  if (setting === 'none') return {};
  if (setting) return { peerSourceAddress: setting };
  const host = env.BUTTERFLY_HOST;
  const ownLoopback = isIP(host) === 4 && host.startsWith('127.') && host !== '127.0.0.1';
  return ownLoopback ? { peerSourceAddress: host } : {};
}

function upper(name: ServiceName): Uppercase<ServiceName> {
  return name.toUpperCase() as Uppercase<ServiceName>;
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      { field: 'BUTTERFLY_CONFIG_FILE', message: `cannot read '${path}': ${String(error)}` },
    ]);
  }
  const parsed: unknown = parseYaml(text);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError([
      {
        field: 'BUTTERFLY_CONFIG_FILE',
        message: `'${path}' must hold a mapping of BUTTERFLY_* keys to values`,
      },
    ]);
  }
  const unknownKeys = Object.keys(parsed).filter((key) => !(key in serviceEnvSchema.shape));
  if (unknownKeys.length > 0) {
    throw new ConfigError(unknownKeys.map((key) => ({ field: key, message: `unknown key in '${path}'` })));
  }
  // The file's values go through the same coercions as environment strings.
  return Object.fromEntries(
    Object.entries(parsed).map(([key, value]) => [
      key,
      typeof value === 'object' ? JSON.stringify(value) : String(value),
    ]),
  );
}

function readPublicKey(value: string | undefined, issues: FieldIssue[]): string | undefined {
  if (!value) return undefined;
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch {
    issues.push({
      field: 'BUTTERFLY_JWT_PUBLIC_KEY',
      message: `expected a PEM public key or a readable file path; cannot read '${value}'`,
    });
    return undefined;
  }
}

function definedOnly(env: Environment): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        entry[0].startsWith('BUTTERFLY_') && entry[1] !== undefined && entry[0] !== 'BUTTERFLY_CONFIG_FILE',
    ),
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
