import { heldPods, runningState, type ClusterState } from '../../cluster/index.ts';
import { enginePods } from '../../cluster/local/index.ts';
import { readEntries } from '../../chaos/local/index.ts';
import { localCollectors, scrape } from '../../exporter/index.ts';
import { ClusterNotRunningError } from '../../kit/errors/index.ts';
import type { ServiceName } from '../../kit/platform/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import { engineSeries } from './engine-series.ts';
import type { Observations } from './observations.ts';
import { redisRoles, type RedisRole } from './redis-roles.ts';
import { serviceHealth } from './service-health.ts';

/**
 * Time limits of one observation. Everything runs at once, so a status with nodes down or
 * pairs partitioned takes about the longest of these (the scrape), never their sum.
 */
export const OBSERVE_TIMEOUTS_MS = { scrape: 4000, health: 3000, redisRoles: 1500 } as const;

/** What one observation pass needs. */
export interface ObserveOptions {
  stateDir: string;
  clock: Clock;
}

const noRoles = (): Map<string, RedisRole> => new Map();

function servicesOf(state: ClusterState) {
  return state.pods
    .filter(({ pod }) => pod.service !== undefined)
    .map(({ pod, url }) => ({ service: pod.service as ServiceName, pod: pod.name, url }));
}

function chaosLeftovers(stateDir: string): string[] {
  const { entries, unreadable } = readEntries(stateDir);
  return [...entries.map((entry) => `${entry.id}: ${entry.description}`), ...unreadable];
}

/**
 * One look at the running cluster: each service's health, and on the local profile the
 * exporter's collectors (engines and the N×N matrix from each pod's address) plus Redis roles.
 * Throws ClusterNotRunningError when no cluster runs in `stateDir`.
 */
export async function observe(options: ObserveOptions): Promise<Observations> {
  const { stateDir, clock } = options;
  const state = runningState(stateDir);
  if (!state) throw new ClusterNotRunningError(stateDir);
  const local = state.profile === 'local';
  const redisPods = enginePods('redis').map((pod) => ({
    name: pod.name,
    address: pod.address,
    port: pod.ports.redis!,
  }));
  const [services, samples, roles] = await Promise.all([
    Promise.all(
      servicesOf(state).map(({ service, pod, url }) =>
        serviceHealth(service, pod, url, OBSERVE_TIMEOUTS_MS.health),
      ),
    ),
    local
      ? scrape(localCollectors({ clock, stateDir }), { clock, deadlineMs: OBSERVE_TIMEOUTS_MS.scrape })
      : Promise.resolve([]),
    local ? redisRoles(redisPods, OBSERVE_TIMEOUTS_MS.redisRoles).catch(noRoles) : noRoles(),
  ]);
  const series = engineSeries(samples);
  if (series.redis)
    for (const node of series.redis.nodes) {
      const role = roles.get(node.node);
      if (role) Object.assign(node, { role: role.role, failed: node.failed || role.failed });
    }
  return {
    at: clock.now(),
    profile: local ? 'local' : 'embedded',
    services,
    ...(series.matrix ? { matrix: series.matrix } : {}),
    ...(series.cassandra ? { cassandra: series.cassandra } : {}),
    ...(series.postgres ? { postgres: series.postgres } : {}),
    ...(series.redis ? { redis: series.redis } : {}),
    heldPods: heldPods(stateDir),
    chaosLeftovers: chaosLeftovers(stateDir),
    unobserved: series.failedCollectors.map((collector) => `${collector}: collector failed or timed out`),
  };
}
