import type { HealthStatus } from './status.ts';

/** What one health check reports. */
export interface Health {
  status: HealthStatus;
  details?: Record<string, unknown>;
}

/** A pluggable, named health check. */
export interface HealthIndicator {
  /** Component name in `/actuator/health`, e.g. `db`, `cassandra`, `redis`. */
  readonly name: string;
  /** True when the service cannot serve without this dependency (the readiness group). */
  readonly readiness: boolean;
  /** Per-check budget in milliseconds; the registry's default when absent. */
  readonly timeoutMs?: number;
  /** Checks the dependency; should stop work when `signal` aborts. */
  check(signal: AbortSignal): Promise<Health>;
}

/**
 * Runs a check within its budget: a check that hangs or throws reports DOWN with the reason,
 * so a dead dependency can never hang the health endpoint.
 */
export async function runWithinBudget(indicator: HealthIndicator, budgetMs: number): Promise<Health> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Health>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('health check budget exceeded'));
      resolve({ status: 'DOWN', details: { error: `no answer within ${budgetMs}ms` } });
    }, budgetMs);
  });
  try {
    return await Promise.race([
      indicator
        .check(controller.signal)
        .catch((error: unknown): Health => ({ status: 'DOWN', details: { error: describe(error) } })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
