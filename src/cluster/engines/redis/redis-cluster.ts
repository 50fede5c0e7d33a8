import type { EnginePod } from '../../index.ts';
import { runTool } from '../admin-tool.ts';
import type { EngineContext } from '../engine-context.ts';
import { notReady, ready, type Readiness } from '../readiness.ts';
import { redisCli } from './redis-pod.ts';

/** Replicas per master: six nodes make three masters with one replica each. */
export const REPLICAS_PER_MASTER = 1;

/** Parses `CLUSTER INFO` or `INFO` output (`key:value` lines) into a record. */
export function parseInfo(output: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of output.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return fields;
}

/** A node as `CLUSTER NODES` lists it. */
export interface ClusterNode {
  id: string;
  /** `ip:port`, without the bus port. */
  address: string;
  role: 'master' | 'replica';
  /** The master's id, for replicas. */
  masterId: string | undefined;
  flags: string[];
  linkState: string;
}

/** Parses `CLUSTER NODES`. */
export function parseClusterNodes(output: string): ClusterNode[] {
  return output
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter((fields) => fields.length >= 8)
    .map(([id, address, flags, master, , , , linkState]) => {
      const flagList = flags!.split(',');
      return {
        id: id!,
        address: address!.split('@')[0]!,
        role: flagList.includes('master') ? 'master' : 'replica',
        masterId: master === '-' ? undefined : master,
        flags: flagList,
        linkState: linkState!,
      };
    });
}

async function cli(pod: EnginePod, context: EngineContext, ...args: string[]): Promise<string> {
  const result = await runTool(redisCli(pod, context, args), 10_000);
  if (result.code !== 0 || result.stdout.startsWith('ERR') || result.stdout.startsWith('Could not connect')) {
    throw new Error(`${pod.name}: redis-cli ${args.join(' ')}: ${(result.stderr || result.stdout).trim()}`);
  }
  return result.stdout;
}

/** Ready when every node answers PING. */
export async function redisPingReadiness(
  pods: readonly EnginePod[],
  context: EngineContext,
): Promise<Readiness> {
  const answers = await Promise.all(
    pods.map((pod) =>
      cli(pod, context, 'ping').then(
        (out) => out.trim() === 'PONG',
        () => false,
      ),
    ),
  );
  const silent = pods.filter((_, i) => !answers[i]);
  return silent.length === 0
    ? ready('all nodes answer PING')
    : notReady(`no PONG from ${silent.map((pod) => pod.name).join(', ')}`);
}

/**
 * Forms the cluster with `redis-cli --cluster create` when every node is new (knows only itself
 * and holds no slots). After a restart the nodes find each other from their kept nodes.conf, so
 * this does nothing. Returns whether it created the cluster.
 */
export async function createClusterIfNew(
  pods: readonly EnginePod[],
  context: EngineContext,
): Promise<boolean> {
  const infos = await Promise.all(
    pods.map(async (pod) => parseInfo(await cli(pod, context, 'cluster', 'info'))),
  );
  const fresh = infos.every(
    (info) => info.cluster_known_nodes === '1' && info.cluster_slots_assigned === '0',
  );
  if (!fresh) return false;
  const endpoints = pods.map((pod) => `${pod.address}:${pod.ports.redis}`);
  const result = await runTool(
    {
      command: context.binaries.redisCli,
      args: [
        '--cluster',
        'create',
        ...endpoints,
        '--cluster-replicas',
        String(REPLICAS_PER_MASTER),
        '--cluster-yes',
      ],
    },
    60_000,
  );
  if (result.code !== 0)
    throw new Error(
      `redis-cli --cluster create exited ${result.code}: ${(result.stderr || result.stdout).trim().slice(-500)}`,
    );
  return true;
}

/**
 * Ready when every node answers, reports `cluster_state:ok` and the same node count, the
 * cluster has the expected masters and replicas, and every replica's `master_link_status` is up.
 */
export async function redisClusterReadiness(
  pods: readonly EnginePod[],
  context: EngineContext,
): Promise<Readiness> {
  const infos = await Promise.all(
    pods.map(async (pod) => ({ pod, info: parseInfo(await cli(pod, context, 'cluster', 'info')) })),
  );
  const notOk = infos.filter(
    ({ info }) => info.cluster_state !== 'ok' || info.cluster_known_nodes !== String(pods.length),
  );
  if (notOk.length > 0) {
    return notReady(
      notOk
        .map(
          ({ pod, info }) =>
            `${pod.name} cluster_state:${info.cluster_state} known_nodes:${info.cluster_known_nodes}`,
        )
        .join(', '),
    );
  }
  const nodes = parseClusterNodes(await cli(pods[0]!, context, 'cluster', 'nodes'));
  const masters = nodes.filter((node) => node.role === 'master' && !node.flags.includes('fail'));
  const expectedMasters = pods.length / (REPLICAS_PER_MASTER + 1);
  if (masters.length !== expectedMasters) return notReady(`${masters.length}/${expectedMasters} masters`);
  const replicaPods = pods.filter((pod) =>
    nodes.some((node) => node.role === 'replica' && node.address === `${pod.address}:${pod.ports.redis}`),
  );
  const links = await Promise.all(
    replicaPods.map(async (pod) => ({
      pod,
      info: parseInfo(await cli(pod, context, 'info', 'replication')),
    })),
  );
  if (links.length !== pods.length - expectedMasters)
    return notReady(`${links.length}/${pods.length - expectedMasters} replicas`);
  const down = links.filter(({ info }) => info.master_link_status !== 'up');
  if (down.length > 0) return notReady(`replica link down: ${down.map(({ pod }) => pod.name).join(', ')}`);
  return ready(`cluster_state:ok, ${masters.length} masters, ${links.length} replicas linked`);
}
