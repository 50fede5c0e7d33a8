import type { ErrorCode } from './codes.ts';

/** One field-level problem in a rejected input. */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `header.scope.scopeId`, or a config key. */
  field: string;
  message: string;
}

/** The base of every error Butterfly raises on purpose; `code` is stable, `message` is for people. */
export class ButterflyError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** Input failed validation; `issues` names each bad field. */
export class ValidationError extends ButterflyError {
  readonly issues: readonly FieldIssue[];
  constructor(message: string, issues: readonly FieldIssue[]) {
    super('BFY_ERR_VALIDATION_FAILED', message, { issues });
    this.issues = issues;
  }
}

/** A resource that does not exist (or belongs to another tenant, which looks the same). */
export class NotFoundError extends ButterflyError {
  constructor(kind: string, id: string) {
    super('BFY_ERR_NOT_FOUND', `${kind} '${id}' not found`, { kind, id });
  }
}

/** Missing or invalid credentials. */
export class UnauthorizedError extends ButterflyError {
  constructor(message: string) {
    super('BFY_ERR_UNAUTHORIZED', message);
  }
}

/** Valid credentials that do not allow the request. */
export class ForbiddenError extends ButterflyError {
  constructor(message: string) {
    super('BFY_ERR_FORBIDDEN', message);
  }
}

/** An idempotency key replayed with a different body. */
export class IdempotencyConflictError extends ButterflyError {
  constructor(key: string) {
    super(
      'BFY_ERR_IDEMPOTENCY_CONFLICT',
      `idempotency key '${key}' was already used with a different request`,
      {
        idempotencyKey: key,
      },
    );
  }
}

/** The resource exists but its state forbids the operation. */
export class StateConflictError extends ButterflyError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('BFY_ERR_STATE_CONFLICT', message, details);
  }
}

/** Errors that ask the client to come back later carry how long to wait. */
export abstract class RetryableError extends ButterflyError {
  abstract readonly retryAfterSeconds: number;
}

/** The store cannot take writes right now (e.g. the PostgreSQL primary is down). */
export class WriteUnavailableError extends RetryableError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super('BFY_ERR_WRITE_UNAVAILABLE', message, {}, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A peer service was unreachable, timed out, failed, or its breaker is open. */
export class UpstreamUnavailableError extends RetryableError {
  readonly retryAfterSeconds: number;
  constructor(peer: string, reason: string, retryAfterSeconds = 5, options?: ErrorOptions) {
    super('BFY_ERR_UPSTREAM_UNAVAILABLE', `${peer} unavailable: ${reason}`, { peer, reason }, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The service is not ready or is shutting down. */
export class ServiceUnavailableError extends RetryableError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds = 5) {
    super('BFY_ERR_SERVICE_UNAVAILABLE', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The state of a rate limit at the moment of a decision. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  /** Which limiter decided, e.g. `redis` or `local`. */
  limiter: string;
}

/** The tenant's rate limit is exhausted. */
export class RateLimitedError extends RetryableError {
  readonly retryAfterSeconds: number;
  readonly rateLimit: RateLimitState;
  constructor(rateLimit: RateLimitState) {
    super('BFY_ERR_RATE_LIMITED', `rate limit of ${rateLimit.limit} requests per window exceeded`, {
      limiter: rateLimit.limiter,
    });
    this.rateLimit = rateLimit;
    this.retryAfterSeconds = Math.max(1, Math.ceil(rateLimit.resetSeconds));
  }
}

/** Configuration failed validation at startup; `issues` names each bad key. */
export class ConfigError extends ButterflyError {
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[]) {
    super(
      'BFY_ERR_CONFIG_INVALID',
      `invalid configuration: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
      {
        issues,
      },
    );
    this.issues = issues;
  }
}

/** The command line could not be understood. */
export class UsageError extends ButterflyError {
  constructor(message: string) {
    super('BFY_ERR_USAGE', message);
  }
}

/** A command needed a running cluster and found none. */
export class ClusterNotRunningError extends ButterflyError {
  constructor(stateDir: string) {
    super('BFY_ERR_CLUSTER_NOT_RUNNING', `no Butterfly cluster is running (state directory ${stateDir})`, {
      stateDir,
    });
  }
}

/** The cluster did not become ready. */
export class ClusterStartError extends ButterflyError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('BFY_ERR_CLUSTER_START_FAILED', message, details);
  }
}

/** A verification ran and did not pass. */
export class CheckFailedError extends ButterflyError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('BFY_ERR_CHECK_FAILED', message, details);
  }
}
