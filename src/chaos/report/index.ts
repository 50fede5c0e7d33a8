export type {
  ExperimentRun,
  LedgerResult,
  RunEvent,
  RunTimings,
  SuiteRun,
  Verdict,
  WorkloadSample,
} from './run-record.ts';
export { RUN_EVENT_KINDS } from './run-record.ts';
export {
  describeLoad,
  measureRun,
  measureSuite,
  percentile,
  type RunMeasures,
  type SuiteMeasures,
} from './run-measures.ts';
export { readSuiteRun, suiteRunSchema } from './read-suite-run.ts';
export { summarizeSuite } from './text-summary.ts';
export { REPORT_FILES, writeReports } from './write-reports.ts';
export { SUITE_REPORTS_DIR, suiteHistory, type UnreadableSuite } from './suite-history.ts';
export { timelineOf, type TimelineSecond } from './timeline.ts';
