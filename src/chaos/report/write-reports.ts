import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtmlReport } from './html-report.ts';
import { renderJsonReport } from './json-report.ts';
import { renderJunitReport } from './junit-report.ts';
import type { SuiteRun } from './run-record.ts';

/** The report files' names inside the output directory. */
export const REPORT_FILES = {
  json: 'chaos-report.json',
  junit: 'chaos-junit.xml',
  html: 'chaos-report.html',
} as const;

// Written aside and renamed, so a CI job reading the directory never sees half a report.
function writeAtomically(path: string, text: string): void {
  const partial = `${path}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, path);
}

/** Writes the suite's JSON, JUnit XML and HTML reports into `outputDir` (created if missing); returns their paths. */
export function writeReports(
  suite: SuiteRun,
  outputDir: string,
): { json: string; junit: string; html: string } {
  mkdirSync(outputDir, { recursive: true });
  const paths = {
    json: join(outputDir, REPORT_FILES.json),
    junit: join(outputDir, REPORT_FILES.junit),
    html: join(outputDir, REPORT_FILES.html),
  };
  writeAtomically(paths.json, renderJsonReport(suite));
  writeAtomically(paths.junit, renderJunitReport(suite));
  writeAtomically(paths.html, renderHtmlReport(suite));
  return paths;
}
