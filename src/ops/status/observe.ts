import { heldPods, runningState, type ClusterState } from '../../cluster/index.ts';
import { enginePods } from '../../cluster/local/index.ts';
import { readEntries } from '../../chaos/local/index.ts';
import { ClusterNotRunningError } from '../../kit/errors/index.ts';
import type { ServiceName } from '../../kit/platform/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import { engineSeries } from './engine-series.ts';
import { scrapeExporter, type ExporterScrape } from './exporter-scrape.ts';
import type { Observations } from './observations.ts';
import { EXPORTER_POD } from './scrape-jobs.ts';
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

function exporterUrl(state: ClusterState): string | undefined {
  const pod = state.pods.find(({ pod }) => pod.labels.app === EXPORTER_POD)?.pod;
  return pod?.ports.metrics !== undefined ? `http://${pod.address}:${pod.ports.metrics}` : undefined;
}

function chaosLeftovers(stateDir: string): string[] {
  const { entries, unreadable } = readEntries(stateDir);
  return [...entries.map((entry) => `${entry.id}: ${entry.description}`), ...unreadable];
}

async function exporterScrape(state: ClusterState): Promise<ExporterScrape> {
  const url = exporterUrl(state);
  if (!url) return { up: false, reason: 'no exporter pod in the cluster state' };
  return scrapeExporter(url, OBSERVE_TIMEOUTS_MS.scrape);
}

/**
 * One look at the running cluster: each service's health, and on the local profile the
 * exporter pod's scrape (engines and the N×N matrix from each pod's address) plus Redis roles.
 * A source that does not answer is named in `unobserved` and its parts stay absent.
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
  const [services, scraped, roles] = await Promise.all([
    Promise.all(
      servicesOf(state).map(({ service, pod, url }) =>
        serviceHealth(service, pod, url, OBSERVE_TIMEOUTS_MS.health),
      ),
    ),
    local ? exporterScrape(state) : undefined,
    local ? redisRoles(redisPods, OBSERVE_TIMEOUTS_MS.redisRoles).catch(noRoles) : noRoles(),
  ]);
  const series = engineSeries(scraped?.up ? scraped.samples : []);
  if (series.redis)
    for (const node of series.redis.nodes) {
      const role = roles.get(node.node);
      if (role) Object.assign(node, { role: role.role, failed: node.failed || role.failed });
    }
  const blind =
    scraped && !scraped.up
      ? [`${EXPORTER_POD}: its /metrics did not answer (${scraped.reason}); engines and the matrix unseen`]
      : [];
  return {
    at: clock.now(),
    profile: local ? 'local' : 'embedded',
    services,
    ...(series.matrix ? { matrix: series.matrix } : {}),
    ...(series.cassandra ? { cassandra: series.cassandra } : {}),
    ...(series.postgres ? { postgres: series.postgres } : {}),
    ...(series.redis ? { redis: series.redis } : {}),
    ...(scraped ? { exporterUp: scraped.up } : {}),
    heldPods: heldPods(stateDir),
    chaosLeftovers: chaosLeftovers(stateDir),
    unobserved: [
      ...blind,
      ...series.failedCollectors.map((collector) => `${collector}: collector failed or timed out`),
    ],
  };
}
