import type { CompositeHealth, HealthStatus } from '../../kit/health/index.ts';
import { aggregateStatus, HEALTH_STATUSES } from '../../kit/health/index.ts';
import type { CallContext } from '../../kit/http/index.ts';
import { POD_NAMES, SERVICE_NAMES, type ServiceName } from '../../kit/platform/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import type { BreakerState } from '../../resilience/breaker/index.ts';
import type { PeerClient } from '../../resilience/peer/index.ts';

/** One service's health as NEXUS sees it. */
export interface ServiceHealthReport {
  pod: string;
  status: HealthStatus;
  /** The state of NEXUS's breaker for that peer; null for NEXUS itself. */
  circuitBreakerState: BreakerState | null;
  lastChecked: string;
  /** Why the service is not UP, when NEXUS knows. */
  reason?: string;
}

/** The platform's health: each service's and the aggregate. */
export interface EcosystemHealth {
  overallStatus: HealthStatus;
  services: Record<ServiceName, ServiceHealthReport>;
}

/** What probing the platform needs. */
export interface EcosystemProbeOptions {
  self: ServiceName;
  selfHealth(): Promise<CompositeHealth>;
  peer(target: ServiceName): Pick<PeerClient, 'get'>;
  breakerState(target: ServiceName): BreakerState | null;
  clock: Clock;
  /** Each probe's budget: a peer that does not answer in time is DOWN. */
  timeoutMs: number;
}

/**
 * Probes every peer's `/actuator/health` through its peer client (so through its breaker),
 * concurrently and within `timeoutMs`, and adds this service's own health. A peer that cannot
 * be reached, answers 5xx, times out or sits behind an open breaker is DOWN.
 */
export async function probeEcosystem(
  options: EcosystemProbeOptions,
  context: CallContext,
): Promise<EcosystemHealth> {
  const entries = await Promise.all(
    SERVICE_NAMES.map(async (name): Promise<[ServiceName, ServiceHealthReport]> => {
      const probe = name === options.self ? probeSelf(options) : probePeer(options, name, context);
      const { status, reason } = await probe;
      const report: ServiceHealthReport = {
        pod: POD_NAMES[name],
        status,
        circuitBreakerState: name === options.self ? null : options.breakerState(name),
        lastChecked: new Date(options.clock.now()).toISOString(),
        ...(reason ? { reason } : {}),
      };
      return [name, report];
    }),
  );
  const services = Object.fromEntries(entries) as Record<ServiceName, ServiceHealthReport>;
  return { overallStatus: aggregateStatus(entries.map(([, report]) => report.status)), services };
}

interface Verdict {
  status: HealthStatus;
  reason?: string;
}

async function probeSelf(options: EcosystemProbeOptions): Promise<Verdict> {
  return { status: (await options.selfHealth()).status };
}

async function probePeer(
  options: EcosystemProbeOptions,
  name: ServiceName,
  context: CallContext,
): Promise<Verdict> {
  let timer: { cancel(): void } | undefined;
  const timeout = new Promise<Verdict>((resolve) => {
    timer = options.clock.schedule(options.timeoutMs, () =>
      resolve({ status: 'DOWN', reason: `no answer within ${options.timeoutMs}ms` }),
    );
  });
  const answer = options
    .peer(name)
    .get<{ status?: unknown }>('/actuator/health', context)
    .then(
      (response): Verdict => {
        if (response.status >= 300) return { status: 'UNKNOWN', reason: `answered ${response.status}` };
        const status = response.body?.status;
        return isHealthStatus(status)
          ? { status }
          : { status: 'UNKNOWN', reason: 'answered without a health status' };
      },
      (error: unknown): Verdict => ({
        status: 'DOWN',
        reason: error instanceof Error ? error.message : String(error),
      }),
    );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    timer?.cancel();
  }
}

function isHealthStatus(value: unknown): value is HealthStatus {
  return typeof value === 'string' && (HEALTH_STATUSES as readonly string[]).includes(value);
}
