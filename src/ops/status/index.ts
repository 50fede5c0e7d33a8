export { activeAlerts, ruleInstances, type ActiveAlert, type RuleInstance } from './alert-conditions.ts';
export {
  RULES_FILE,
  loadAlertRules,
  parseAlertRules,
  shippedAlertRules,
  type AlertRule,
} from './alert-rules.ts';
export { diagnose, verdictExitCode, type Diagnosis, type ScenarioFinding } from './diagnose.ts';
export type { NextStep } from './next-steps.ts';
export type * from './observations.ts';
export { observe, OBSERVE_TIMEOUTS_MS } from './observe.ts';
export { renderStatus } from './render-status.ts';
export { SCENARIOS, SCENARIO_INFO, isScenarioId, type ScenarioId } from './scenarios.ts';
export { staleBreakers, type StaleBreaker } from './stale-connections.ts';
export { collectStatus } from './status.ts';
export type { StatusReport } from './status-report.ts';
