import { POD_NAMES, SERVICE_NAMES, type ServiceName } from '../../../kit/platform/index.ts';
import type { MatrixCell, Observations, ServiceHealth } from '../observations.ts';

/** A healthy local cluster as status would observe it: every service UP, matrix green, engines whole. */
export function healthyObservations(): Observations {
  const services: ServiceHealth[] = SERVICE_NAMES.map((service) => ({
    service,
    pod: POD_NAMES[service],
    status: 'UP',
    components: {
      ...(service === 'capsule' || service === 'synapse' ? { cassandra: 'UP' as const } : {}),
      ...(['perception', 'odyssey', 'plato'].includes(service) ? { db: 'UP' as const } : {}),
      ...(service === 'nexus' || service === 'synapse' ? { redis: 'UP' as const } : {}),
    },
    openBreakers: {},
  }));
  const matrix: MatrixCell[] = SERVICE_NAMES.flatMap((source) =>
    SERVICE_NAMES.filter((target) => target !== source).map((target) => ({ source, target, status: 200 })),
  );
  return {
    at: 0,
    profile: 'local',
    services,
    matrix,
    cassandra: [0, 1, 2].map((n) => ({ node: `cassandra-${n}`, up: true })),
    postgres: [
      { member: 'postgres-0', role: 'primary', running: true },
      { member: 'postgres-1', role: 'replica', running: true, lagSeconds: 0 },
    ],
    redis: {
      clusterOk: true,
      knownNodes: 6,
      failedNodes: 0,
      nodes: [0, 1, 2, 3, 4, 5].map((n) => ({
        node: `redis-${n}`,
        up: true,
        role: n < 3 ? ('master' as const) : ('replica' as const),
        failed: false,
      })),
    },
    exporterUp: true,
    heldPods: [],
    chaosLeftovers: [],
    unobserved: [],
  };
}

/** Sets the matrix cells between two services, both ways. */
export function cut(o: Observations, a: ServiceName, b: ServiceName, status = 0): Observations {
  for (const cell of o.matrix ?? [])
    if ((cell.source === a && cell.target === b) || (cell.source === b && cell.target === a))
      cell.status = status;
  return o;
}

/** The health of one service, to change in a test. */
export function serviceOf(o: Observations, service: ServiceName): ServiceHealth {
  return o.services.find((s) => s.service === service)!;
}
