import { join } from 'node:path';
import { enginePods, localTopology } from '../cluster/local/index.ts';
import { podUrl } from '../cluster/index.ts';
import type { Clock } from '../kit/time/index.ts';
import {
  cassandraCollector,
  connectivityCollector,
  cqlHandshake,
  healthFrom,
  patroniStatus,
  postgresCollector,
  redisClusterView,
  redisCollector,
  rolesInFile,
  rolesInMemory,
  type Collector,
} from './collectors/index.ts';

/** How long one engine probe may take: together they stay inside the 1.8 s scrape deadline. */
const PROBE_TIMEOUT_MS = { cql: 1000, patroni: 1000, redis: 1000, health: 1500 } as const;

/** Options of the local profile's collectors. */
export interface LocalCollectorsOptions {
  clock: Clock;
  /** Where the last seen PostgreSQL roles are kept across restarts; in memory only when absent. */
  stateDir?: string;
}

/** The file under the state directory that keeps the last seen PostgreSQL roles. */
export function rolesFileOf(stateDir: string): string {
  return join(stateDir, 'exporter', 'postgres-roles.json');
}

/**
 * The collectors of the local profile, aimed at its topology: Cassandra 127.0.2.1–3:9042,
 * Patroni 127.0.3.1–2:8008, Redis 127.0.4.1–6:6379 and the six services on 127.0.1.1–6:8080.
 */
export function localCollectors(options: LocalCollectorsOptions): Collector[] {
  const within = (signal: AbortSignal, ms: number) => AbortSignal.any([signal, AbortSignal.timeout(ms)]);
  const services = localTopology()
    .pods.filter((pod) => pod.service !== undefined)
    .map((pod) => ({ service: pod.service!, address: pod.address, baseUrl: podUrl(pod) }));
  return [
    cassandraCollector({
      nodes: enginePods('cassandra').map((pod) => ({
        name: pod.name,
        address: pod.address,
        port: pod.ports.cql!,
      })),
      probe: (node, signal) => cqlHandshake(node, within(signal, PROBE_TIMEOUT_MS.cql)),
    }),
    postgresCollector({
      members: enginePods('postgres').map((pod) => ({
        name: pod.name,
        patroniUrl: `http://${pod.address}:${pod.ports.patroni}`,
      })),
      probe: (member, signal) => patroniStatus(member, within(signal, PROBE_TIMEOUT_MS.patroni)),
      roles: options.stateDir ? rolesInFile(rolesFileOf(options.stateDir)) : rolesInMemory(),
      clock: options.clock,
    }),
    redisCollector({
      nodes: enginePods('redis').map((pod) => ({
        name: pod.name,
        address: pod.address,
        port: pod.ports.redis!,
      })),
      probe: (node, signal) => redisClusterView(node, within(signal, PROBE_TIMEOUT_MS.redis)),
    }),
    connectivityCollector({
      services,
      probe: (source, target, signal) => healthFrom(source, target, within(signal, PROBE_TIMEOUT_MS.health)),
      clock: options.clock,
    }),
  ];
}
