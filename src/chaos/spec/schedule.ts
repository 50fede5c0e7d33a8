import { z } from 'zod';
import { CRON_FORMAT, cronProblem } from './cron.ts';
import type { Step } from './experiment.ts';
import { FAULT_KINDS, FAULT_KIND_NAMES, isFaultKind } from '../kinds/index.ts';
import { manifestObject } from '../manifest/index.ts';
import type { DocumentPath, SpecIssues } from '../manifest/index.ts';
import { workflowRoot } from './workflow.ts';

const SCHEDULED_TYPES = [...FAULT_KIND_NAMES, 'Workflow'] as const;
const EMBED_KEYS = [...Object.values(FAULT_KINDS).map((kind) => kind.embedKey), 'workflow'];

/** Schedule `spec`: a cron and the one chaos (or Workflow) it starts. */
export const scheduleSpecSchema = manifestObject({
  schedule: z.string().min(1),
  startingDeadlineSeconds: z.int().min(0).nullable().optional(),
  concurrencyPolicy: z.enum(['Forbid', 'Allow']).optional(),
  historyLimit: z.int().min(1).optional(),
  type: z.enum(SCHEDULED_TYPES),
  ...Object.fromEntries(EMBED_KEYS.map((key) => [key, z.unknown().optional()])),
});

/** What a Schedule runs, and when. */
export interface ScheduledExperiment {
  root: Step;
  cron: string;
}

/** A Schedule's cron and step tree (at `path`); undefined, with issues recorded, when invalid. */
export function scheduleOf(
  spec: unknown,
  path: DocumentPath,
  issues: SpecIssues,
  meta: { name: string; namespace: string },
): ScheduledExperiment | undefined {
  const parsed = scheduleSpecSchema.safeParse(spec, { reportInput: true });
  if (!parsed.success) {
    issues.addZod(parsed.error, path);
    return undefined;
  }
  const raw = parsed.data as z.output<typeof scheduleSpecSchema> & Record<string, unknown>;
  const problem = cronProblem(raw.schedule);
  if (problem) issues.add([...path, 'schedule'], `${problem}; expected ${CRON_FORMAT}`);
  const embedKey = isFaultKind(raw.type) ? FAULT_KINDS[raw.type].embedKey : 'workflow';
  for (const key of EMBED_KEYS) {
    if (key !== embedKey && raw[key] !== undefined)
      issues.add([...path, key], `not allowed when type is ${raw.type}`);
  }
  if (raw[embedKey] === undefined) {
    issues.add([...path, embedKey], `required when type is ${raw.type}`);
    return undefined;
  }
  const at = [...path, embedKey];
  let root: Step | undefined;
  if (isFaultKind(raw.type)) {
    const fault = FAULT_KINDS[raw.type].parse(raw[embedKey], {
      issues,
      path: at,
      namespace: meta.namespace,
      inWorkflow: false,
    });
    root = fault && {
      type: 'Fault',
      name: meta.name,
      ...(fault.durationMs !== undefined ? { deadlineMs: fault.durationMs } : {}),
      fault,
      source: { file: issues.file, line: issues.lines.lineOf(at) },
    };
  } else {
    root = workflowRoot(raw[embedKey], at, issues, meta.namespace);
  }
  return root && { root, cron: raw.schedule };
}
