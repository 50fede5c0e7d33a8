import { z } from 'zod';
import type { Step } from './experiment.ts';
import { goDurationField, manifestObject } from '../manifest/index.ts';
import type { DocumentPath, SpecIssues } from '../manifest/index.ts';

/** A Workflow template's `statusCheck` (Chaos Mesh StatusCheckSpec, HTTP only). */
export const statusCheckSchema = manifestObject({
  mode: z.enum(['Synchronous', 'Continuous']).optional(),
  type: z.enum(['HTTP']).optional(),
  duration: goDurationField.optional(),
  timeoutSeconds: z.int().min(1).optional(),
  intervalSeconds: z.int().min(1).optional(),
  failureThreshold: z.int().min(1).optional(),
  successThreshold: z.int().min(1).optional(),
  recordsHistoryLimit: z.int().min(1).max(1000).optional(),
  http: manifestObject({
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    method: z.enum(['GET', 'POST']).optional(),
    headers: z.record(z.string(), z.array(z.string())).optional(),
    body: z.string().optional(),
    criteria: manifestObject({ statusCode: z.string() }),
  }),
});

/** `statusCode` as Chaos Mesh accepts it: one code (`200`) or an inclusive range (`200-299`). */
function statusCodes(text: string, path: DocumentPath, issues: SpecIssues): number[] {
  const match = /^(\d{3})(?:-(\d{3}))?$/.exec(text.trim());
  const low = Number(match?.[1]);
  const high = Number(match?.[2] ?? match?.[1]);
  if (!match || low < 100 || high > 599 || high < low) {
    issues.add(path, `expected a status code or an inclusive range (e.g. '200' or '200-299'); got '${text}'`);
    return [];
  }
  return Array.from({ length: high - low + 1 }, (_, index) => low + index);
}

/** A StatusCheck step from its template, with Chaos Mesh's defaults (interval 10 s, timeout 1 s, failures 3, successes 1). */
export function statusCheckStep(
  raw: z.output<typeof statusCheckSchema>,
  template: { name: string; deadlineMs?: number; abortWithStatusCheck?: boolean | undefined },
  path: DocumentPath,
  issues: SpecIssues,
): Step {
  const deadlineMs = template.deadlineMs ?? raw.duration;
  return {
    type: 'StatusCheck',
    name: template.name,
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
    source: { file: issues.file, line: issues.lines.lineOf(path) },
    mode: raw.mode ?? 'Synchronous',
    intervalMs: (raw.intervalSeconds ?? 10) * 1000,
    timeoutMs: (raw.timeoutSeconds ?? 1) * 1000,
    failureThreshold: raw.failureThreshold ?? 3,
    successThreshold: raw.successThreshold ?? 1,
    abortWithStatusCheck: template.abortWithStatusCheck ?? false,
    http: {
      url: raw.http.url,
      method: raw.http.method ?? 'GET',
      ...(raw.http.body !== undefined ? { body: raw.http.body } : {}),
      headers: Object.fromEntries(
        Object.entries(raw.http.headers ?? {}).map(([name, values]) => [name, values.join(', ')]),
      ),
      statusCodes: statusCodes(
        raw.http.criteria.statusCode,
        [...path, 'statusCheck', 'http', 'criteria', 'statusCode'],
        issues,
      ),
    },
  };
}
