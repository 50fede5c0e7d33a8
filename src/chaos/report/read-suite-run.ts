import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../../kit/errors/index.ts';
import { RUN_EVENT_KINDS, type SuiteRun } from './run-record.ts';
import { REPORT_FILES } from './write-reports.ts';

const at = z.number().finite();

const experimentRunSchema = z.object({
  experiment: z.string(),
  file: z.string(),
  target: z.enum(['local', 'k8s']),
  mode: z.enum(['run', 'validate-only', 'dry-run']),
  startedAt: at,
  endedAt: at,
  events: z.array(
    z.object({ at, kind: z.enum(RUN_EVENT_KINDS), step: z.string().optional(), detail: z.string() }),
  ),
  samples: z.array(
    z.object({ at, ok: z.boolean(), status: z.number().int(), latencyMs: z.number().nonnegative() }),
  ),
  workloadRatePerSecond: z.number().positive().optional(),
  ledger: z
    .object({
      acknowledged: z.number().int().nonnegative(),
      lost: z.array(z.string()),
      duplicated: z.array(z.string()),
      unexpected: z.array(z.string()),
    })
    .optional(),
  timings: z.object({
    faultInjectedAt: at.optional(),
    detectedAt: at.optional(),
    faultRemovedAt: at.optional(),
    recoveredAt: at.optional(),
  }),
  differences: z.array(z.string()),
  verdict: z.object({ result: z.enum(['PASS', 'FAIL']), reasons: z.array(z.string()) }),
});

/** A SuiteRun as read back from a JSON report (the report's extra `format`/`summary` fields are ignored). */
export const suiteRunSchema: z.ZodType<SuiteRun> = z.object({
  id: z.string(),
  startedAt: at,
  endedAt: at,
  runs: z.array(experimentRunSchema),
});

/**
 * Reads the SuiteRun back from a run directory (its chaos-report.json) or from the JSON file
 * itself, for `butterfly chaos report <run-dir>`; a missing or malformed report is a
 * ValidationError naming the path and the bad fields.
 */
export function readSuiteRun(path: string): SuiteRun {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, REPORT_FILES.json) : path;
  if (!existsSync(file)) {
    throw new ValidationError(`no chaos report at ${file}`, [
      { field: 'run', message: `expected a run directory holding ${REPORT_FILES.json}, or that file` },
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ValidationError(`${file} is not JSON`, [{ field: 'run', message: (error as Error).message }]);
  }
  const parsed = suiteRunSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(
      `${file} is not a chaos report`,
      parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}
