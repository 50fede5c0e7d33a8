import type { WorkloadKind } from '../spec/index.ts';
import { capsuleWrites } from './capsule-writes.ts';
import { platoPolicies } from './plato-policies.ts';
import { synapseActions } from './synapse-actions.ts';
import type { WorkloadTarget } from './workload-target.ts';

const TARGETS: Readonly<Record<WorkloadKind, (runId: string, now: () => number) => WorkloadTarget>> = {
  'capsule-writes': capsuleWrites,
  'synapse-actions': (runId) => synapseActions(runId),
  'plato-policies': (runId) => platoPolicies(runId),
};

/** The workload target of a criteria's `workload.kind`, scoped to one run. */
export function workloadTarget(kind: WorkloadKind, runId: string, now: () => number): WorkloadTarget {
  return TARGETS[kind](runId, now);
}
