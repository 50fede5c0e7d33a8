import { isScalar, LineCounter, parseDocument, Scalar } from 'yaml';
import { z } from 'zod';
import type { Criteria, HttpProbe, WorkloadKind } from './experiment.ts';
import {
  goDurationField,
  httpStatus,
  manifestObject,
  stringMap,
  SourceLines,
  type DocumentPath,
  SpecIssues,
} from '../manifest/index.ts';

/** The annotation that carries an experiment's pass criteria, as YAML text. */
export const CRITERIA_ANNOTATION = 'chaos.butterfly.dev/criteria';

/** The workloads the runner drives. */
export const WORKLOAD_KINDS = [
  'capsule-writes',
  'synapse-actions',
  'plato-policies',
] as const satisfies readonly WorkloadKind[];

/** The highest workload rate an experiment (or `chaos run --load`) may ask for, in writes per second. */
export const MAX_WORKLOAD_RATE = 1000;

/** `$`, then `.name` or `[index]` steps; a final `.length` counts an array or string. */
const jsonPath = z
  .string()
  .regex(
    /^\$(\.[A-Za-z_][\w-]*|\[\d+\])*$/,
    "expected a path like '$.status', '$.components.db.status' or '$.content[0].capsuleId'",
  );

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const probeSchema = manifestObject({
  name: z.string().min(1),
  url: httpUrl,
  method: z.enum(['GET', 'POST']).default('GET'),
  headers: stringMap.default({}),
  body: z.unknown().optional(),
  statuses: z.array(httpStatus).min(1),
  json: z
    .array(
      manifestObject({
        path: jsonPath,
        equals: z.unknown().optional(),
        oneOf: z.array(z.unknown()).min(1).optional(),
      }),
    )
    .optional(),
  phases: z.array(z.enum(['before', 'during', 'after'])).min(1),
  detection: z.boolean().optional(),
});

const consistencySide = manifestObject({ url: httpUrl, headers: stringMap.default({}), path: jsonPath });

/** The criteria annotation's YAML, with durations in Go syntax. */
export const criteriaSchema = manifestObject({
  probes: z.array(probeSchema).default([]),
  workload: manifestObject({
    kind: z.enum(WORKLOAD_KINDS),
    ratePerSecond: z.number().positive().max(MAX_WORKLOAD_RATE),
    tenant: z.string().min(1),
  }).optional(),
  maxLostWrites: z.int().min(0).default(0),
  maxDuplicatedWrites: z.int().min(0).default(0),
  detectionBudget: goDurationField,
  recoveryBudget: goDurationField,
  allowedStatusesDuringFault: z.array(httpStatus).optional(),
  consistency: z
    .array(
      manifestObject({
        name: z.string().min(1),
        left: consistencySide,
        right: consistencySide,
        within: goDurationField,
      }),
    )
    .optional(),
});

/** The line the annotation's text starts on: the line after `|` for a block scalar, else the value's own line. */
function textStartLine(lines: SourceLines, path: DocumentPath): number {
  const node = lines.nodeAt(path);
  if (!node || !isScalar(node)) return lines.lineOf(path);
  const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  return lines.lineOfNode(node) + (block ? 1 : 0);
}

/** A probe as the schema read it, as the runner uses it. */
function httpProbe(probe: z.infer<typeof criteriaSchema>['probes'][number]): HttpProbe {
  return {
    name: probe.name,
    url: probe.url,
    method: probe.method,
    headers: probe.headers,
    ...(probe.body !== undefined ? { body: probe.body } : {}),
    statuses: probe.statuses,
    ...(probe.json ? { json: probe.json } : {}),
    phases: probe.phases,
    ...(probe.detection !== undefined ? { detection: probe.detection } : {}),
  };
}

/** Parses the criteria annotation's text; issues are reported at their line in the experiment file. */
export function parseCriteria(
  text: string,
  annotationPath: DocumentPath,
  outer: SpecIssues,
): Criteria | undefined {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const inner = new SpecIssues(
    outer.file,
    new SourceLines(document, counter, textStartLine(outer.lines, annotationPath) - 1),
    outer.list,
    'criteria.',
  );
  for (const error of document.errors) inner.add([], `not valid YAML: ${error.message.split('\n')[0]}`);
  if (document.errors.length > 0) return undefined;
  const parsed = criteriaSchema.safeParse(document.toJS(), { reportInput: true });
  if (!parsed.success) {
    inner.addZod(parsed.error);
    return undefined;
  }
  const raw = parsed.data;
  const names = new Set<string>();
  for (const [index, probe] of raw.probes.entries()) {
    if (names.has(probe.name)) inner.add(['probes', index, 'name'], `duplicate probe name '${probe.name}'`);
    names.add(probe.name);
  }
  if (raw.workload && !raw.allowedStatusesDuringFault)
    inner.add(
      ['allowedStatusesDuringFault'],
      'required with a workload: the statuses its requests may see while the fault is active',
    );
  return {
    probes: raw.probes.map(httpProbe),
    ...(raw.workload ? { workload: raw.workload } : {}),
    maxLostWrites: raw.maxLostWrites,
    maxDuplicatedWrites: raw.maxDuplicatedWrites,
    detectionBudgetMs: raw.detectionBudget,
    recoveryBudgetMs: raw.recoveryBudget,
    allowedStatusesDuringFault: raw.allowedStatusesDuringFault ?? [],
    ...(raw.consistency
      ? {
          consistency: raw.consistency.map((check) => ({
            name: check.name,
            left: check.left,
            right: check.right,
            withinMs: check.within,
          })),
        }
      : {}),
  };
}
