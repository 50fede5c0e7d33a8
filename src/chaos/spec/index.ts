export * from './experiment.ts';
export { ChaosSpecError, formatSpecIssue, type SpecIssue } from '../manifest/index.ts';
export { CRITERIA_ANNOTATION } from './criteria.ts';
export {
  CATEGORY_LABEL,
  CHAOS_API_VERSION,
  DEFAULT_NAMESPACE,
  EXPERIMENT_KINDS,
  EXPERIMENTS_DIR,
  findExperiments,
  loadExperimentFile,
  loadExperiments,
  type SpecNote,
} from './load-experiments.ts';
export { budgetsIn, deriveCriteria, PASS_CRITERIA_ANNOTATION } from './derived-criteria.ts';
export { USER_CATEGORY_LABEL } from './user-documents.ts';
export { selectExperiments } from './select-experiments.ts';
export { GO_DURATION_FORMAT, parseGoDuration } from '../manifest/index.ts';
export { FAULT_KINDS, FAULT_KIND_NAMES, NETWORK_CHAOS_ACTIONS, POD_CHAOS_ACTIONS } from '../kinds/index.ts';
export { TEMPLATE_TYPES } from './workflow.ts';
export { describeFault, describeSelector, faultsOf } from './fault-summary.ts';
export { planTargets, renderPlan } from './plan.ts';
export { MAX_WORKLOAD_RATE } from './criteria.ts';
export { atWorkloadRate, parseWorkloadRate, WORKLOAD_RATE_FORMAT } from './load-rate.ts';
