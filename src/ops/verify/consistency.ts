import { engineBinaries, nodetool, runTool } from '../../cluster/engines/index.ts';
import { enginePods } from '../../cluster/local/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import { compareNodes, type NodeAgreement } from './node-agreement.ts';
import { nodeCensus, type CensusFilter, type NodeCensus } from './node-census.ts';
import { compareServices, serviceDisagreements, type CountOf, type ScopeCounts } from './service-counts.ts';

/** One `verify consistency`. */
export interface ConsistencyReport {
  consistent: boolean;
  filter: CensusFilter;
  nodes: NodeCensus[];
  agreement: NodeAgreement;
  /** What `--repair` did, when asked; the report is of the check after it. */
  repair?: { node: string; exitCode: number; output: string };
  services: ScopeCounts[];
  serviceDisagreements: ScopeCounts[];
}

/** What the check needs. */
export interface ConsistencyOptions {
  stateDir: string;
  clock: Clock;
  filter: CensusFilter;
  repair: boolean;
  countOf: CountOf;
  /** How long to wait for late announcements before calling a scope inconsistent. */
  patienceMs?: number;
}

async function censusAll(filter: CensusFilter): Promise<NodeCensus[]> {
  return Promise.all(enginePods('cassandra').map((pod) => nodeCensus(pod, filter)));
}

/**
 * The runbook's data consistency verification: each Cassandra node's CAPSULE rows (read from
 * that node alone at ONE) compared by count and per-scope digest; with `repair`,
 * `nodetool repair butterfly` first on a node that answers and the census again; then
 * CAPSULE's and ODYSSEY's counts for each scope found (or the one asked for).
 */
export async function verifyConsistency(options: ConsistencyOptions): Promise<ConsistencyReport> {
  let nodes = await censusAll(options.filter);
  let repair: ConsistencyReport['repair'];
  if (options.repair) {
    const live = nodes.find((census) => census.reachable);
    const pod = enginePods('cassandra').find((candidate) => candidate.name === live?.node);
    if (pod) {
      const result = await runTool(
        nodetool(pod, { stateDir: options.stateDir, binaries: engineBinaries() }, ['repair', 'butterfly']),
        600_000,
      );
      repair = {
        node: pod.name,
        exitCode: result.code,
        output: (result.stdout + result.stderr).trim().slice(-2000),
      };
      nodes = await censusAll(options.filter);
    }
  }
  const agreement = compareNodes(nodes);
  const scopes = new Map<string, { tenant: string; scopeId: string }>();
  for (const census of nodes)
    if (census.reachable)
      for (const scope of census.scopes)
        scopes.set(`${scope.tenant}\u0000${scope.scopeId}`, { tenant: scope.tenant, scopeId: scope.scopeId });
  if (scopes.size === 0 && options.filter.scopeId !== undefined)
    scopes.set('asked', { tenant: options.filter.tenant ?? 'default', scopeId: options.filter.scopeId });
  const services = await compareServices([...scopes.values()], {
    countOf: options.countOf,
    clock: options.clock,
    ...(options.patienceMs !== undefined ? { patienceMs: options.patienceMs } : {}),
  });
  const differing = serviceDisagreements(services);
  return {
    consistent:
      agreement.consistent && differing.length === 0 && (repair === undefined || repair.exitCode === 0),
    filter: options.filter,
    nodes,
    agreement,
    ...(repair ? { repair } : {}),
    services,
    serviceDisagreements: differing,
  };
}
