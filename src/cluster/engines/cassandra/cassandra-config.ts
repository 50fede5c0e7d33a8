import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Pod } from '../../index.ts';

/** The Cassandra cluster's name, as `nodetool describecluster` shows it. */
export const CASSANDRA_CLUSTER_NAME = 'butterfly';

/** Virtual nodes per Cassandra node. */
export const NUM_TOKENS = 16;

const MIN_TOKEN = -(2n ** 63n);
const RING_SIZE = 2n ** 64n;

/**
 * The Murmur3 tokens of node `ordinal` of `nodes`: the ring cut into nodes × NUM_TOKENS equal
 * parts, dealt out in turn. Given explicitly, because the token allocator computes the same
 * tokens for two nodes that join at the same moment with the same view of the ring; with
 * these, all nodes can start in parallel and each owns an equal share.
 */
export function initialTokens(ordinal: number, nodes: number, numTokens = NUM_TOKENS): string[] {
  const parts = BigInt(nodes * numTokens);
  return Array.from({ length: numTokens }, (_, vnode) => {
    const part = BigInt(vnode * nodes + ordinal);
    return String(MIN_TOKEN + (RING_SIZE * part) / parts);
  });
}

/** The folders a node writes, under its pod folder. */
export function cassandraDirs(podDir: string) {
  return {
    data: join(podDir, 'data'),
    commitlog: join(podDir, 'commitlog'),
    savedCaches: join(podDir, 'saved_caches'),
    hints: join(podDir, 'hints'),
    logs: join(podDir, 'logs'),
    tmp: join(podDir, 'tmp'),
  };
}

/**
 * `cassandra.yaml` of one node. Every node is a seed, so any of them can start first (or
 * alone, after a restart); `auto_bootstrap: false` because the ring is new and empty.
 */
export function renderCassandraYaml(pod: Pod, ring: readonly Pod[], podDir: string): string {
  const ordinal = ring.findIndex((node) => node.name === pod.name);
  if (ordinal < 0) throw new Error(`${pod.name} is not in the ring`);
  const dirs = cassandraDirs(podDir);
  const config = {
    cluster_name: CASSANDRA_CLUSTER_NAME,
    num_tokens: NUM_TOKENS,
    initial_token: initialTokens(ordinal, ring.length).join(','),
    partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
    auto_bootstrap: false,
    seed_provider: [
      {
        class_name: 'org.apache.cassandra.locator.SimpleSeedProvider',
        parameters: [{ seeds: ring.map((node) => `${node.address}:${node.ports.storage}`).join(',') }],
      },
    ],
    listen_address: pod.address,
    rpc_address: pod.address,
    storage_port: pod.ports.storage,
    native_transport_port: pod.ports.cql,
    start_native_transport: true,
    endpoint_snitch: 'SimpleSnitch',
    data_file_directories: [dirs.data],
    commitlog_directory: dirs.commitlog,
    saved_caches_directory: dirs.savedCaches,
    hints_directory: dirs.hints,
    commitlog_sync: 'periodic',
    commitlog_sync_period: '10000ms',
    authenticator: 'AllowAllAuthenticator',
    authorizer: 'AllowAllAuthorizer',
    storage_compatibility_mode: 'NONE',
    concurrent_compactors: 1,
  };
  return stringify(config);
}
