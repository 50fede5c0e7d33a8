import type { NetworkChaosFault } from './spec.ts';
import type { Proof } from '../../fault/index.ts';
import {
  clusterPodOf,
  probePort,
  trafficEndOf,
  type ClusterPod,
  addRules,
  listRules,
  type ChaosRule,
  ruleComment,
  probeConnections,
  type ProbeSource,
  faultFlows,
  flowMatches,
  markerRules,
  type Flow,
} from '../../local/index.ts';
import type { InjectionRequest } from '../injector.ts';
import type { ProbeResult } from '../../local/index.ts';

/** One connection a proof tries: from a source as the pod would connect, to a pod's port. */
export interface ProbePath {
  label: string;
  source: ProbeSource;
  target: { host: string; port: number };
}

/** The injected filter rules of a fault and the paths its proofs try, with what they did before. */
export interface FilterFault {
  flows: Flow[];
  paths: ProbePath[];
  /** Each path's probe before the fault: a path that did not connect then proves nothing now. */
  baseline: ProbeResult[];
  comment: string;
}

function probeSourceOf(pod: ClusterPod): ProbeSource {
  return pod.uid === undefined ? { address: pod.address } : { uid: pod.uid };
}

/**
 * The connections that show the fault: for a flow between two pods, the first pod connecting to
 * the second; for a pod's traffic to anything, that pod to another running pod; for anything to a
 * pod, an unmatched root connection from 127.0.0.1. One path per distinct direction, at most four.
 */
export function probePaths(flows: readonly Flow[], pods: Map<string, ClusterPod>): ProbePath[] {
  const paths: ProbePath[] = [];
  for (const flow of flows) {
    if (paths.length >= 4) break;
    const from = flow.from === 'any' ? undefined : pods.get(flow.from.name);
    let to = flow.to === 'any' ? undefined : pods.get(flow.to.name);
    if (flow.to === 'any')
      to = [...pods.values()].find((pod) => pod.name !== from?.name && pod.pid !== undefined);
    if (!to) continue;
    const label = `${from?.name ?? '127.0.0.1'} → ${to.name}`;
    if (paths.some((path) => path.label === label)) continue;
    paths.push({
      label,
      source: from ? probeSourceOf(from) : { address: '127.0.0.1' },
      target: { host: to.address, port: probePort(to) },
    });
  }
  return paths;
}

/** Probes every path once. */
export function probePathsOnce(paths: readonly ProbePath[], timeoutMs: number): Promise<ProbeResult[]> {
  return Promise.all(
    paths.map((path) => probeConnections(path.source, path.target, { count: 1, timeoutMs })),
  );
}

/**
 * Journals and installs a filter fault's rules: for every flow and every combination of its
 * ends' matches, the rules `verdict` gives (a DROP, or a random DROP), plus the connection marks
 * the engine destinations need. The probe paths are tried before, to compare with after.
 */
export async function installFilterFault(
  request: InjectionRequest<NetworkChaosFault>,
  verdict: (match: string[], comment: string) => string[][],
): Promise<FilterFault> {
  const { fault, targets, peers, pods, record, context } = request;
  const sources = targets.map((pod) => trafficEndOf(clusterPodOf(pods, pod)));
  const others = peers.map((pod) => trafficEndOf(clusterPodOf(pods, pod)));
  const flows = faultFlows(fault.direction, sources, others);
  const paths = probePaths(flows, pods);
  const baseline = await probePathsOnce(paths, 1000);
  const comment = ruleComment(context.stateDir, record.id);
  const tagged = (rule: string[]): string[] => {
    const jump = rule.indexOf('-j');
    return [...rule.slice(0, jump), '-m', 'comment', '--comment', comment, ...rule.slice(jump)];
  };
  const rules: ChaosRule[] = [
    ...markerRules(flows).map((rule) => ({ table: 'filter' as const, rule: tagged(rule) })),
    ...flows.flatMap((flow) =>
      flowMatches(flow).flatMap((match) =>
        verdict(match, comment).map((rule) => ({ table: 'filter' as const, rule })),
      ),
    ),
  ];
  record.record(rules.map((rule) => ({ type: 'iptables-rule', table: rule.table, rule: [...rule.rule] })));
  await addRules(rules);
  return { flows, paths, baseline, comment };
}

/** Packets our rules with this comment dropped so far. */
export async function droppedPackets(comment: string): Promise<number> {
  const rules = await listRules('filter');
  return rules
    .filter((rule) => rule.comment === comment && rule.rule.at(-1) === 'DROP')
    .reduce((sum, rule) => sum + rule.packets, 0);
}

/** After recovery: every path that connected before connects again. */
export async function proveTrafficFlows(filter: FilterFault): Promise<Proof> {
  const now = await probePathsOnce(filter.paths, 2000);
  const broken = filter.paths.filter(
    (_, index) => filter.baseline[index]!.connected > 0 && now[index]!.connected === 0,
  );
  if (broken.length > 0)
    return { ok: false, detail: `still no connection on ${broken.map((path) => path.label).join(', ')}` };
  return { ok: true, detail: `traffic flows again (${filter.paths.map((path) => path.label).join(', ')})` };
}
