import { APP_LABELS, POD_NAMES, SERVICE_NAMES, type ServiceName } from '../kit/platform/index.ts';
import {
  ENGINES,
  LOCAL_NAMESPACE,
  type Engine,
  type EnginePod,
  type Pod,
  type Topology,
} from './topology.ts';
import { EXPORTER_POD } from './exporter-pod.ts';

/** How many pods each engine has. */
export const ENGINE_REPLICAS: Readonly<Record<Engine, number>> = {
  etcd: 1,
  postgres: 2,
  cassandra: 3,
  redis: 6,
};

/** The first uid of each engine's pods; pod N runs as base + N. */
const UID_BASE: Readonly<Record<Engine, number>> = {
  cassandra: 2110,
  postgres: 2120,
  etcd: 2130,
  redis: 2140,
};

/** Each engine's pod addresses, by ordinal: one /24 of the loopback range per engine. */
const ADDRESS: Readonly<Record<Engine, (ordinal: number) => string>> = {
  cassandra: (n) => `127.0.2.${n + 1}`,
  postgres: (n) => `127.0.3.${n + 1}`,
  etcd: (n) => `127.0.3.${n + 10}`,
  redis: (n) => `127.0.4.${n + 1}`,
};

/** Each service pod's address; all listen on 8080, as in the cluster. */
const SERVICE_ADDRESSES: Readonly<Record<ServiceName, string>> = {
  perception: '127.0.1.1',
  capsule: '127.0.1.2',
  odyssey: '127.0.1.3',
  plato: '127.0.1.4',
  nexus: '127.0.1.5',
  synapse: '127.0.1.6',
};

/** The JMX port of cassandra-N: local JMX always binds 127.0.0.1, so each node needs its own. */
export function cassandraJmxPort(ordinal: number): number {
  return 7199 + ordinal;
}

const PORTS: Readonly<Record<Engine, (ordinal: number) => Record<string, number>>> = {
  cassandra: (n) => ({ cql: 9042, storage: 7000, jmx: cassandraJmxPort(n) }),
  postgres: () => ({ postgres: 5432, patroni: 8008 }),
  etcd: () => ({ client: 2379, peer: 2380 }),
  redis: () => ({ redis: 6379, bus: 16379 }),
};

/** The uid an engine's pod runs under; stable across runs and machines. */
export function engineUid(engine: Engine, ordinal: number): number {
  return UID_BASE[engine] + ordinal;
}

/** The local profile's pods of one engine, in ordinal order. */
export function enginePods(engine: Engine): EnginePod[] {
  return Array.from({ length: ENGINE_REPLICAS[engine] }, (_, ordinal) => ({
    name: `${engine}-${ordinal}`,
    namespace: LOCAL_NAMESPACE,
    labels: { app: engine, tier: 'engine' },
    address: ADDRESS[engine](ordinal),
    ports: PORTS[engine](ordinal),
    engine,
    uid: engineUid(engine, ordinal),
  }));
}

/**
 * The local profile: the six services and every engine pod, each on its own loopback address,
 * and the exporter on 127.0.0.1
 * (all of 127.0.0.0/8 is local on Linux, so nothing needs adding to `lo`). The `role` of a
 * PostgreSQL or Redis pod is not static: it is resolved live from Patroni and the cluster.
 */
export function localTopology(): Topology {
  const services: Pod[] = SERVICE_NAMES.map((service) => ({
    name: POD_NAMES[service],
    namespace: LOCAL_NAMESPACE,
    labels: { app: APP_LABELS[service], tier: 'service' },
    address: SERVICE_ADDRESSES[service],
    ports: { http: 8080 },
    service,
  }));
  return { profile: 'local', pods: [...services, ...ENGINES.flatMap(enginePods), EXPORTER_POD] };
}
