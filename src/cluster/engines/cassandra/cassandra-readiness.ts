import type { EnginePod } from '../../index.ts';
import { runTool } from '../admin-tool.ts';
import type { EngineContext } from '../engine-context.ts';
import { notReady, ready, type Readiness } from '../readiness.ts';
import { withNodeSession } from './cql.ts';
import { nodetool, parseNodetoolStatus } from './nodetool.ts';

/** The keyspace of CAPSULE and SYNAPSE's action log. */
export const BUTTERFLY_KEYSPACE = 'butterfly';

/** Replication factor 3: every node holds every row, so any one node may go down. */
export const KEYSPACE_REPLICATION = { class: 'SimpleStrategy', replication_factor: 3 } as const;

const CREATE_KEYSPACE =
  `CREATE KEYSPACE IF NOT EXISTS ${BUTTERFLY_KEYSPACE} WITH replication = ` +
  `{'class': '${KEYSPACE_REPLICATION.class}', 'replication_factor': ${KEYSPACE_REPLICATION.replication_factor}}`;

/** How long the nodes may disagree on the schema before readiness resets the lagging nodes' copy. */
export const SCHEMA_RESET_AFTER_MS = 20_000;

/**
 * What readiness remembers between polls: since when the nodes disagree on the schema. A node
 * that missed a schema push (a long pause on a loaded machine) may not pull it for minutes;
 * `nodetool resetlocalschema` makes it fetch the schema from its peers at once.
 */
export interface SchemaWatch {
  now(): number;
  disagreeingSince?: number;
}

/** What one node says of itself and its peers over CQL. */
interface NodeView {
  pod: EnginePod;
  bootstrapped: string;
  schemaVersions: string[];
  peers: number;
  keyspace: Record<string, string> | undefined;
}

async function nodeView(pod: EnginePod): Promise<NodeView> {
  return withNodeSession(
    pod,
    async (client) => {
      const local = (await client.execute('SELECT bootstrapped, schema_version FROM system.local')).first();
      const peers = (await client.execute('SELECT peer, schema_version FROM system.peers_v2')).rows;
      const keyspace = (
        await client.execute('SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?', [
          BUTTERFLY_KEYSPACE,
        ])
      ).first();
      return {
        pod,
        bootstrapped: String(local?.get('bootstrapped') ?? ''),
        schemaVersions: [local, ...peers].map((row) => String(row?.get('schema_version') ?? 'none')),
        peers: peers.length,
        keyspace: keyspace ? (keyspace.get('replication') as Record<string, string>) : undefined,
      };
    },
    { connectTimeoutMs: 2000, readTimeoutMs: 10_000 },
  );
}

/**
 * The ring is ready when every node serves CQL and has bootstrapped, knows every peer, all
 * agree on one schema version, `nodetool status` shows every node UN, and keyspace `butterfly`
 * exists with RF 3 on every node. Creates the keyspace once the ring is whole.
 */
export async function cassandraReadiness(
  ring: readonly EnginePod[],
  context: EngineContext,
  watch: SchemaWatch = { now: Date.now },
): Promise<Readiness> {
  const views = await Promise.all(
    ring.map((pod) =>
      nodeView(pod).catch((error: Error) => `${pod.name}: no CQL yet (${error.message.split('\n')[0]})`),
    ),
  );
  const problems = views.filter((view): view is string => typeof view === 'string');
  if (problems.length > 0) return notReady(problems.join('; '));
  const nodes = views as NodeView[];
  const unjoined = nodes.filter(
    (view) => view.bootstrapped !== 'COMPLETED' || view.peers !== ring.length - 1,
  );
  if (unjoined.length > 0)
    return notReady(
      `not joined: ${unjoined.map((view) => `${view.pod.name} (${view.peers} peers)`).join(', ')}`,
    );
  const versions = new Set(nodes.flatMap((view) => view.schemaVersions));
  if (versions.size > 1) return settleSchema(nodes, versions, context, watch);
  watch.disagreeingSince = undefined;

  const status = await runTool(nodetool(ring[0]!, context, ['status']), 60_000);
  if (status.code !== 0)
    return notReady(`nodetool status exited ${status.code}: ${status.stderr.trim().split('\n')[0] ?? ''}`);
  const up = parseNodetoolStatus(status.stdout).filter((node) => node.status === 'U' && node.state === 'N');
  if (up.length !== ring.length) return notReady(`nodetool status: ${up.length}/${ring.length} UN`);

  const withoutKeyspace = nodes.filter((view) => !hasButterflyReplication(view.keyspace));
  if (withoutKeyspace.length > 0) {
    await withNodeSession(ring[0]!, (client) => client.execute(CREATE_KEYSPACE));
    return notReady(`keyspace ${BUTTERFLY_KEYSPACE} created; waiting for every node to see it`);
  }
  return ready(
    `${up.length} nodes UN, schema ${[...versions][0]}, keyspace ${BUTTERFLY_KEYSPACE} RF ${KEYSPACE_REPLICATION.replication_factor}`,
  );
}

async function settleSchema(
  nodes: readonly NodeView[],
  versions: ReadonlySet<string>,
  context: EngineContext,
  watch: SchemaWatch,
): Promise<Readiness> {
  const disagreement = `schema versions disagree: ${[...versions].join(', ')}`;
  watch.disagreeingSince ??= watch.now();
  if (watch.now() - watch.disagreeingSince < SCHEMA_RESET_AFTER_MS) return notReady(disagreement);
  const behind = nodesBehind(nodes);
  for (const view of behind) await runTool(nodetool(view.pod, context, ['resetlocalschema']), 60_000);
  watch.disagreeingSince = watch.now();
  return notReady(
    `${disagreement}; reset the local schema of ${behind.map((view) => view.pod.name).join(', ')}`,
  );
}

/** The nodes whose own schema version is not the one most nodes hold. */
export function nodesBehind<T extends { schemaVersions: readonly string[] }>(nodes: readonly T[]): T[] {
  const counts = new Map<string, number>();
  for (const view of nodes) {
    const own = view.schemaVersions[0] ?? 'none';
    counts.set(own, (counts.get(own) ?? 0) + 1);
  }
  const majority = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return nodes.filter((view) => view.schemaVersions[0] !== majority);
}

function hasButterflyReplication(replication: Record<string, string> | undefined): boolean {
  return (
    replication !== undefined &&
    replication.class?.endsWith(KEYSPACE_REPLICATION.class) === true &&
    replication.replication_factor === String(KEYSPACE_REPLICATION.replication_factor)
  );
}
