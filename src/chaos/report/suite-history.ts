import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readSuiteRun } from './read-suite-run.ts';
import type { SuiteRun } from './run-record.ts';
import { REPORT_FILES } from './write-reports.ts';

/** Where `butterfly chaos run` writes each suite's reports (`<dir>/<suite-id>/`) unless told otherwise. */
export const SUITE_REPORTS_DIR = 'reports/chaos';

/** A suite directory that could not be read back, and why (a half-written or foreign file). */
export interface UnreadableSuite {
  dir: string;
  reason: string;
}

/**
 * Every suite recorded under `root` (one folder per suite holding its chaos-report.json), newest
 * first, whoever started it — the CLI, the console or a schedule all write the same record.
 */
export function suiteHistory(root: string): { suites: SuiteRun[]; unreadable: UnreadableSuite[] } {
  const suites: SuiteRun[] = [];
  const unreadable: UnreadableSuite[] = [];
  if (!existsSync(root)) return { suites, unreadable };
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, REPORT_FILES.json))) continue;
    try {
      suites.push(readSuiteRun(dir));
    } catch (error) {
      unreadable.push({ dir, reason: (error as Error).message });
    }
  }
  suites.sort((a, b) => b.startedAt - a.startedAt);
  return { suites, unreadable };
}
