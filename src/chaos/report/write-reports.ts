import type { SuiteRun } from './run-record.ts';

/** Writes the suite's JSON, JUnit XML and HTML reports into `outputDir`; returns their paths. */
export function writeReports(
  _suite: SuiteRun,
  _outputDir: string,
): { json: string; junit: string; html: string } {
  throw new Error('not implemented yet');
}
