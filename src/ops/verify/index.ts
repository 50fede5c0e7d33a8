export { verifyConsistency, type ConsistencyOptions, type ConsistencyReport } from './consistency.ts';
export { compareNodes, type NodeAgreement, type NodeDisagreement } from './node-agreement.ts';
export { digestOf, nodeCensus, type CensusFilter, type NodeCensus, type ScopeTally } from './node-census.ts';
export { PARTITION_EXPERIMENT, validatePartitionExperiment } from './partition-validation.ts';
export {
  observedRecoveryChecks,
  recoveryReport,
  type RecoveryCheck,
  type RecoveryReport,
} from './recovery.ts';
export { compareServices, serviceDisagreements, type CountOf, type ScopeCounts } from './service-counts.ts';
