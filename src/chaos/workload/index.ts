export { capsuleWrites } from './capsule-writes.ts';
export { platoPolicies } from './plato-policies.ts';
export { synapseActions } from './synapse-actions.ts';
export { reconcile, type LedgerEntry, type ReadBack } from './ledger.ts';
export {
  readBackLedger,
  startWorkload,
  type ReadBackOptions,
  type RunningWorkload,
  type WorkloadOptions,
} from './workload.ts';
export { workloadTarget } from './workload-targets.ts';
export type { Send, StoredRecord, WorkloadTarget } from './workload-target.ts';
