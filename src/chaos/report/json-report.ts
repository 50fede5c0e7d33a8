import { measureRun, measureSuite, type RunMeasures, type SuiteMeasures } from './run-measures.ts';
import type { SuiteRun } from './run-record.ts';

/** The JSON report's format version; bumped when a field changes meaning. */
export const JSON_REPORT_FORMAT = 'butterfly.chaos.report/v1';

/** The JSON report: the SuiteRun exactly as recorded, plus a summary computed from it. */
export interface JsonReport extends SuiteRun {
  format: typeof JSON_REPORT_FORMAT;
  summary: SuiteMeasures & {
    experiments: ({ experiment: string; result: 'PASS' | 'FAIL'; reasons: string[] } & RunMeasures)[];
  };
}

/** Builds the JSON report object for a suite. */
export function jsonReportOf(suite: SuiteRun): JsonReport {
  return {
    format: JSON_REPORT_FORMAT,
    ...suite,
    summary: {
      ...measureSuite(suite),
      experiments: suite.runs.map((run) => ({
        experiment: run.experiment,
        result: run.verdict.result,
        reasons: run.verdict.reasons,
        ...measureRun(run),
      })),
    },
  };
}

/** Renders the JSON report as indented text with a trailing newline. */
export function renderJsonReport(suite: SuiteRun): string {
  return `${JSON.stringify(jsonReportOf(suite), null, 2)}\n`;
}
