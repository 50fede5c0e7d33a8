import { APP_LABELS, EMBEDDED_PORTS, POD_NAMES, SERVICE_NAMES, type ServiceName } from '../kit/platform/index.ts';

/** Where Butterfly runs: in-process stores, real engines on loopback, or a Kubernetes cluster. */
export type Profile = 'embedded' | 'local' | 'kubernetes';

/** One pod of the topology: a name, Kubernetes-style labels, an address and ports. */
export interface Pod {
  name: string;
  labels: Readonly<Record<string, string>>;
  address: string;
  ports: Readonly<Record<string, number>>;
  /** The service this pod runs, for service pods. */
  service?: ServiceName;
}

/** The declarative description of a cluster that the supervisor starts and `ps` walks. */
export interface Topology {
  profile: Profile;
  pods: readonly Pod[];
}

/** Options of the embedded topology. */
export interface EmbeddedTopologyOptions {
  /** Each service's port; the defaults are 8081..8086. */
  ports?: Partial<Record<ServiceName, number>>;
}

/** The embedded profile: the six services on 127.0.0.1, each with its own port and store. */
export function embeddedTopology(options: EmbeddedTopologyOptions = {}): Topology {
  return {
    profile: 'embedded',
    pods: SERVICE_NAMES.map((service) => ({
      name: POD_NAMES[service],
      labels: { app: APP_LABELS[service], tier: 'service' },
      address: '127.0.0.1',
      ports: { http: options.ports?.[service] ?? EMBEDDED_PORTS[service] },
      service,
    })),
  };
}

/** The base URL of a service pod. */
export function podUrl(pod: Pod): string {
  return `http://${pod.address}:${pod.ports.http}`;
}
