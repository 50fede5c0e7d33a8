import { CLUSTER_LABEL } from '../series/index.ts';
import type { Sample } from '../series/index.ts';
import type { Collector } from './collector.ts';

/** A Redis Cluster node. */
export interface RedisNode {
  /** The pod name, e.g. `redis-2`. */
  name: string;
  address: string;
  port: number;
}

/** What one node says of the cluster. */
export interface RedisNodeView {
  /** `CLUSTER INFO` fields (`cluster_state`, `cluster_known_nodes`, …). */
  info: Readonly<Record<string, string>>;
  /** `ip:port` of every node this one flags `fail` or `fail?` in `CLUSTER NODES`. */
  failing: readonly string[];
}

/** Asks one node; throws when it does not answer. */
export type RedisProbe = (node: RedisNode, signal: AbortSignal) => Promise<RedisNodeView>;

/** Options of the Redis collector. */
export interface RedisCollectorOptions {
  nodes: readonly RedisNode[];
  probe: RedisProbe;
}

/**
 * `redis_cluster_state`, `redis_cluster_known_nodes`, `redis_cluster_failed_nodes` and
 * `redis_node_up`. A node counts as failed when it does not answer, or when any answering node
 * flags it failing: after a master is killed its replica is promoted and the cluster is `ok`
 * again, but the dead node stays failed until it rejoins.
 */
export function redisCollector(options: RedisCollectorOptions): Collector {
  return {
    name: 'redis',
    async collect(signal) {
      const views = await Promise.all(
        options.nodes.map((node) => options.probe(node, signal).catch(() => undefined)),
      );
      const answering = views.filter((view): view is RedisNodeView => view !== undefined);
      const flagged = new Set(answering.flatMap((view) => view.failing));
      const failed = options.nodes.filter(
        (node, i) => views[i] === undefined || flagged.has(`${node.address}:${node.port}`),
      );
      const ok = answering.length > 0 && answering.every((view) => view.info.cluster_state === 'ok');
      const known = Math.max(0, ...answering.map((view) => Number(view.info.cluster_known_nodes ?? 0)));
      const cluster = { cluster: CLUSTER_LABEL };
      return [
        { name: 'redis_cluster_state', labels: cluster, value: ok ? 1 : 0 },
        { name: 'redis_cluster_known_nodes', labels: cluster, value: known },
        { name: 'redis_cluster_failed_nodes', labels: cluster, value: failed.length },
        ...options.nodes.map((node, i): Sample => ({
          name: 'redis_node_up',
          labels: { ...cluster, node: node.name },
          value: views[i] ? 1 : 0,
        })),
      ];
    },
  };
}
