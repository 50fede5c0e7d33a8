import { CLUSTER_LABEL } from '../series/index.ts';
import type { Sample } from '../series/index.ts';
import type { Collector } from './collector.ts';

/** A Cassandra node the exporter watches. */
export interface CassandraNode {
  /** The pod name, e.g. `cassandra-2`: the `node` label and what `butterfly exec` takes. */
  name: string;
  address: string;
  port: number;
}

/** Answers whether a node is serving CQL; false (not a throw) when it is not. */
export type CqlProbe = (node: CassandraNode, signal: AbortSignal) => Promise<boolean>;

/** Options of the Cassandra collector. */
export interface CassandraCollectorOptions {
  nodes: readonly CassandraNode[];
  probe: CqlProbe;
}

/**
 * `cassandra_node_status{cluster,node,status}` for every node, both statuses, so a node going
 * down flips two series rather than making one appear.
 */
export function cassandraCollector(options: CassandraCollectorOptions): Collector {
  return {
    name: 'cassandra',
    async collect(signal) {
      const up = await Promise.all(
        options.nodes.map((node) => options.probe(node, signal).catch(() => false)),
      );
      return options.nodes.flatMap((node, i): Sample[] => [
        status(node, 'up', up[i] ? 1 : 0),
        status(node, 'down', up[i] ? 0 : 1),
      ]);
    },
  };
}

function status(node: CassandraNode, value: 'up' | 'down', set: number): Sample {
  return {
    name: 'cassandra_node_status',
    labels: { cluster: CLUSTER_LABEL, node: node.name, status: value },
    value: set,
  };
}
