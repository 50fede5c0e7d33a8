/**
 * The one table of error codes: what each means on the wire (HTTP status) and at the
 * command line (exit code). Codes are added, never reused or renamed; docs/errors.md lists
 * them all and a test keeps the two in step.
 */
export const ERROR_CODES = {
  BFY_ERR_VALIDATION_FAILED: { status: 400, exit: 2, title: 'The request or input failed validation.' },
  BFY_ERR_MALFORMED_REQUEST: {
    status: 400,
    exit: 2,
    title: 'The request is not valid HTTP or its URL does not decode.',
  },
  BFY_ERR_MALFORMED_BODY: { status: 400, exit: 2, title: 'The request body is not well-formed JSON.' },
  BFY_ERR_UNAUTHORIZED: { status: 401, exit: 2, title: 'No valid credentials were presented.' },
  BFY_ERR_FORBIDDEN: { status: 403, exit: 2, title: 'The credentials do not allow this request.' },
  BFY_ERR_NOT_FOUND: { status: 404, exit: 1, title: 'The addressed resource does not exist.' },
  BFY_ERR_ROUTE_NOT_FOUND: { status: 404, exit: 2, title: 'No route matches the method and path.' },
  BFY_ERR_REQUEST_TIMEOUT: { status: 408, exit: 1, title: 'The request was not received in full in time.' },
  BFY_ERR_IDEMPOTENCY_CONFLICT: {
    status: 409,
    exit: 1,
    title: 'The idempotency key was already used with a different request.',
  },
  BFY_ERR_METHOD_NOT_ALLOWED: {
    status: 405,
    exit: 2,
    title: 'The path exists but not with this method; Allow lists the methods it has.',
  },
  BFY_ERR_STATE_CONFLICT: { status: 409, exit: 1, title: 'The resource is not in a state that allows this.' },
  BFY_ERR_PAYLOAD_TOO_LARGE: {
    status: 413,
    exit: 2,
    title: 'The request body exceeds the configured limit.',
  },
  BFY_ERR_URI_TOO_LONG: {
    status: 414,
    exit: 2,
    title: 'A path parameter is longer than the router accepts.',
  },
  BFY_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    exit: 2,
    title: 'The request body has an unsupported content type.',
  },
  BFY_ERR_HEADERS_TOO_LARGE: {
    status: 431,
    exit: 2,
    title: 'The request headers exceed the size the server accepts.',
  },
  BFY_ERR_RATE_LIMITED: { status: 429, exit: 1, title: "The tenant's rate limit is exhausted." },
  BFY_ERR_INTERNAL: { status: 500, exit: 1, title: 'An unexpected error; the log has the details.' },
  BFY_ERR_WRITE_UNAVAILABLE: {
    status: 503,
    exit: 1,
    title: 'Writes are unavailable while the store recovers.',
  },
  BFY_ERR_UPSTREAM_UNAVAILABLE: { status: 503, exit: 1, title: 'A peer service could not be reached.' },
  BFY_ERR_SERVICE_UNAVAILABLE: { status: 503, exit: 1, title: 'The service is starting or shutting down.' },
  BFY_ERR_CONFIG_INVALID: { status: 500, exit: 2, title: 'The configuration failed validation.' },
  BFY_ERR_USAGE: { status: 400, exit: 2, title: 'The command line is not valid.' },
  BFY_ERR_CLUSTER_NOT_RUNNING: { status: 503, exit: 2, title: 'No Butterfly cluster is running.' },
  BFY_ERR_CLUSTER_START_FAILED: { status: 500, exit: 1, title: 'The cluster did not become ready.' },
  BFY_ERR_CHECK_FAILED: { status: 500, exit: 1, title: 'A verification did not pass.' },
  BFY_ERR_CHAOS_REFUSED: {
    status: 403,
    exit: 2,
    title: 'A chaos run was refused: the environment is production and --force was not given.',
  },
  BFY_ERR_CHAOS_KUBE_FAILED: {
    status: 502,
    exit: 2,
    title: 'The Kubernetes API refused or failed a chaos request.',
  },
  BFY_ERR_CHAOS_UNSUPPORTED: {
    status: 400,
    exit: 2,
    title: 'A chaos experiment uses a kind, action or field the chaos engine does not support.',
  },
  BFY_ERR_CHAOS_INJECTION_FAILED: {
    status: 500,
    exit: 2,
    title: 'A local chaos fault could not be injected (no cluster, iptables or a process refused).',
  },
  BFY_ERR_CHAOS_CLEANUP_FAILED: {
    status: 500,
    exit: 1,
    title: 'A chaos fault left something behind that could not be removed.',
  },
} as const satisfies Record<string, { status: number; exit: number; title: string }>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The HTTP status for an error code. */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

/** The CLI exit code for an error code. */
export function exitCodeOf(code: ErrorCode): number {
  return ERROR_CODES[code].exit;
}

/**
 * The exit codes that are not an error's. They keep the table's two meanings: 1 "it ran and what
 * it did or checked did not succeed", 2 "it could not run as asked, or cannot tell".
 */
export const EXIT_CODES = {
  /** The command did what it was asked and everything it checked passed. */
  OK: 0,
  /** It ran, and what it did or checked did not succeed (a failed check, a pod left running). */
  FAILED: 1,
  /** It could not run as asked: bad usage, or a prerequisite it cannot provide itself. */
  CANNOT_RUN: 2,
  /** `butterfly status`: a scenario's signals are firing. */
  STATUS_DEGRADED: 1,
  /** `butterfly status`: cannot tell, a source it reads did not answer. */
  STATUS_UNKNOWN: 2,
} as const satisfies Record<string, number>;
