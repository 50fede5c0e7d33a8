// Parsers for the two answers the `redis` health component reads. The supervisor has its own
// (src/cluster/engines/redis) for readiness; these stay here so services do not depend on it.

/** What `/actuator/health/redis` shows about the cluster. */
export interface ClusterHealthDetails {
  /** `ok` or `fail`, as `CLUSTER INFO` says. */
  clusterState: string;
  knownNodes: number;
  /** Masters serving at least one slot. */
  size: number;
  /** Masters and the slot ranges they serve, e.g. `127.0.4.1:6379 (0-5460)`. */
  masters: string[];
  /** Nodes flagged `fail` or `fail?` (suspected), with the flag. */
  failedNodes: string[];
}

/** Parses `key:value` lines (`CLUSTER INFO`, `INFO`) into a record. */
export function parseInfoLines(output: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of output.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return fields;
}

/** One line of `CLUSTER NODES`. */
export interface ClusterNodeLine {
  address: string;
  flags: string[];
  slots: string[];
}

/** Parses `CLUSTER NODES`: `<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot>…`. */
export function parseClusterNodes(output: string): ClusterNodeLine[] {
  return output
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter((fields) => fields.length >= 8)
    .map((fields) => ({
      address: fields[1]!.split('@')[0]!,
      flags: fields[2]!.split(','),
      // Importing/migrating markers (`[…]`) are not served ranges.
      slots: fields.slice(8).filter((slot) => !slot.startsWith('[')),
    }));
}

/** Combines `CLUSTER INFO` and `CLUSTER NODES` into the health details. */
export function clusterHealthDetails(infoOutput: string, nodesOutput: string): ClusterHealthDetails {
  const info = parseInfoLines(infoOutput);
  const nodes = parseClusterNodes(nodesOutput);
  return {
    clusterState: info.cluster_state ?? 'unknown',
    knownNodes: Number(info.cluster_known_nodes ?? nodes.length),
    size: Number(info.cluster_size ?? 0),
    masters: nodes
      .filter((node) => node.flags.includes('master') && !isFailed(node) && node.slots.length > 0)
      .map((node) => `${node.address} (${node.slots.join(',')})`)
      .sort(),
    failedNodes: nodes
      .filter(isFailed)
      .map((node) => `${node.address} (${node.flags.filter((flag) => flag.startsWith('fail')).join(',')})`)
      .sort(),
  };
}

function isFailed(node: ClusterNodeLine): boolean {
  return node.flags.includes('fail') || node.flags.includes('fail?');
}
