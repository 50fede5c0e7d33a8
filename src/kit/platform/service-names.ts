/**
 * The BUTTERFLY platform's vocabulary: its six services, their pod names (as in the runbook
 * and on Kubernetes) and their embedded-profile ports.
 */
export const SERVICE_NAMES = ['perception', 'capsule', 'odyssey', 'plato', 'nexus', 'synapse'] as const;

/** One of the six services. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The pod/host name of each service, as the runbook addresses it. */
export const POD_NAMES: Readonly<Record<ServiceName, string>> = {
  perception: 'perception-api',
  capsule: 'capsule-service',
  odyssey: 'odyssey-core',
  plato: 'plato-service',
  nexus: 'nexus-service',
  synapse: 'synapse-service',
};

/** Default ports of the embedded profile (every service is on 8080 in local and Kubernetes). */
export const EMBEDDED_PORTS: Readonly<Record<ServiceName, number>> = {
  perception: 8081,
  capsule: 8082,
  odyssey: 8083,
  plato: 8084,
  nexus: 8085,
  synapse: 8086,
};

/** The `app` label of each service's pods, as the Kubernetes deployments are named in the runbook. */
export const APP_LABELS: Readonly<Record<ServiceName, string>> = {
  perception: 'perception',
  capsule: 'capsule',
  odyssey: 'odyssey-core',
  plato: 'plato',
  nexus: 'nexus',
  synapse: 'synapse',
};

/** True when `name` is one of the six services. */
export function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}

/** The breaker name for calls to a peer, e.g. `capsule-client`. */
export function peerClientName(peer: ServiceName): string {
  return `${peer}-client`;
}
