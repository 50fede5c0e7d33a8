export {
  runExperiment,
  type Execute,
  type ExecuteHooks,
  type RunExperimentOptions,
} from './run-experiment.ts';
export { newSuiteId, runSuite, type SuiteOptions } from './run-suite.ts';
export { runStepTree, type StepTreeResult } from './step-engine.ts';
export { StepDisplay, eventLine } from './step-display.ts';
export { ensureServiceNames, releaseServiceNames, serviceNamesResolve } from './service-names.ts';
export { verificationTree } from './verification-tree.ts';
export type { StepRuntime, TaskResult } from './step-runtime.ts';
