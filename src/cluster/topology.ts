import {
  APP_LABELS,
  EMBEDDED_PORTS,
  POD_NAMES,
  SERVICE_NAMES,
  type ServiceName,
} from '../kit/platform/index.ts';

/** Where Butterfly runs: in-process stores, real engines on loopback, or a Kubernetes cluster. */
export type Profile = 'embedded' | 'local' | 'kubernetes';

/** The namespace the embedded and local profiles' pods are in, as on Kubernetes. */
export const LOCAL_NAMESPACE = 'butterfly';

/** The engines of the local profile. */
export const ENGINES = ['etcd', 'postgres', 'cassandra', 'redis'] as const;

/** One of the engines the local profile runs. */
export type Engine = (typeof ENGINES)[number];

/**
 * One pod of the topology: a name, its namespace, Kubernetes-style labels, an address and ports —
 * the one pod shape the supervisor, the chaos engine and `status` share. A function that needs
 * less takes a `Pick` of it.
 */
export interface Pod {
  name: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  address: string;
  ports: Readonly<Record<string, number>>;
  /** The service this pod runs, for service pods. */
  service?: ServiceName;
  /** The engine this pod runs, for engine pods of the local profile. */
  engine?: Engine;
  /**
   * The uid the pod's process runs under, for engine pods of the local profile: a fault is aimed at
   * one pod's traffic with `iptables -m owner --uid-owner`, since on loopback every engine's
   * outgoing connections come from 127.0.0.1 whatever address the pod listens on.
   */
  uid?: number;
}

/** An engine pod: always has an engine and a uid. */
export type EnginePod = Pod & Required<Pick<Pod, 'engine' | 'uid'>>;

/** True for pods that run an engine. */
export function isEnginePod(pod: Pod): pod is EnginePod {
  return pod.engine !== undefined && pod.uid !== undefined;
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
      namespace: LOCAL_NAMESPACE,
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
