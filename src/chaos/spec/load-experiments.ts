import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { z } from 'zod';
import {
  ChaosSpecError,
  type SpecIssue,
  dnsName,
  manifestObject,
  stringMap,
  SourceLines,
  SpecIssues,
} from '../manifest/index.ts';
import { CRITERIA_ANNOTATION, parseCriteria } from './criteria.ts';
import type { Experiment, ExperimentKind, Step } from './experiment.ts';
import { FAULT_KINDS, FAULT_KIND_NAMES, isFaultKind } from '../kinds/index.ts';
import { scheduleOf } from './schedule.ts';
import { workflowRoot } from './workflow.ts';

/** The experiments this repository ships (the runbook's `chaos/experiments`). */
export const EXPERIMENTS_DIR = fileURLToPath(new URL('../../../chaos/experiments', import.meta.url));

/** The apiVersion every document must have. */
export const CHAOS_API_VERSION = 'chaos-mesh.org/v1alpha1';

/** The label naming an experiment's category (`--category` of the suite runner). */
export const CATEGORY_LABEL = 'chaos.butterfly.dev/category';

/** The namespace a document without `metadata.namespace` is taken to be in: the platform's. */
export const DEFAULT_NAMESPACE = 'butterfly';

/** The document kinds we read. */
export const EXPERIMENT_KINDS = [
  ...FAULT_KIND_NAMES,
  'Workflow',
  'Schedule',
] as const satisfies readonly ExperimentKind[];

const envelopeSchema = manifestObject({
  apiVersion: z.literal(CHAOS_API_VERSION),
  kind: z.enum(EXPERIMENT_KINDS),
  metadata: manifestObject({
    name: dnsName,
    namespace: dnsName.optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  }),
  spec: z.record(z.string(), z.unknown()),
});

/** Shows paths relative to the working directory when inside it, as people typed them. */
function displayPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith('..') ? path : relativePath;
}

/** One document → an experiment; issues go to `issues`. */
function experimentOf(
  document: Document.Parsed,
  issues: SpecIssues,
  name: (metadataName: string) => string,
): Experiment | undefined {
  const manifest = document.toJS() as unknown;
  const parsed = envelopeSchema.safeParse(manifest, { reportInput: true });
  if (!parsed.success) {
    issues.addZod(parsed.error);
    return undefined;
  }
  const { kind, metadata, spec } = parsed.data;
  const namespace = metadata.namespace ?? DEFAULT_NAMESPACE;
  let root: Step | undefined;
  let schedule: { cron: string } | undefined;
  if (isFaultKind(kind)) {
    const fault = FAULT_KINDS[kind].parse(spec, { issues, path: ['spec'], namespace, inWorkflow: false });
    root = fault && {
      type: 'Fault',
      name: metadata.name,
      ...(fault.durationMs !== undefined ? { deadlineMs: fault.durationMs } : {}),
      fault,
      source: { file: issues.file, line: issues.lines.lineOf(['spec']) },
    };
  } else if (kind === 'Workflow') {
    root = workflowRoot(spec, ['spec'], issues, namespace);
  } else {
    const scheduled = scheduleOf(spec, ['spec'], issues, { name: metadata.name, namespace });
    root = scheduled?.root;
    if (scheduled) schedule = { cron: scheduled.cron };
  }
  const annotationPath = ['metadata', 'annotations', CRITERIA_ANNOTATION];
  const criteriaText = metadata.annotations?.[CRITERIA_ANNOTATION];
  if (criteriaText === undefined)
    issues.add(
      annotationPath,
      `required: the pass criteria as YAML (probes, budgets, allowed statuses); see docs/chaos.md`,
    );
  const criteria =
    criteriaText === undefined ? undefined : parseCriteria(criteriaText, annotationPath, issues);
  if (!root || !criteria) return undefined;
  return {
    name: name(metadata.name),
    file: issues.file,
    category: metadata.labels?.[CATEGORY_LABEL] ?? 'general',
    manifest: manifest as Record<string, unknown>,
    kind,
    root,
    ...(schedule ? { schedule } : {}),
    criteria,
    source: { file: issues.file, line: issues.lines.start },
  };
}

/** One file → its documents; throws ChaosSpecError naming file:line and what's supported. */
export function loadExperiments(path: string): Experiment[] {
  const file = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ChaosSpecError([
      { file, line: 0, field: '', message: `cannot read the file (${reason})`, unsupported: false },
    ]);
  }
  const counter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  const list: SpecIssue[] = [];
  if (!Array.isArray(documents)) {
    throw new ChaosSpecError([
      { file, line: 1, field: '', message: 'no YAML document in the file', unsupported: false },
    ]);
  }
  const filled = documents.filter((document) => document.contents !== null || document.errors.length > 0);
  if (filled.length === 0)
    throw new ChaosSpecError([
      { file, line: 1, field: '', message: 'no YAML document in the file', unsupported: false },
    ]);
  const stem = basename(path, extname(path));
  const experiments: Experiment[] = [];
  const seen = new Map<string, number>();
  for (const document of filled) {
    const issues = new SpecIssues(file, new SourceLines(document, counter), list);
    for (const error of document.errors) {
      list.push({
        file,
        line: error.linePos?.[0].line ?? issues.lines.start,
        field: '',
        message: `not valid YAML: ${error.message.split('\n')[0]}`,
        unsupported: false,
      });
    }
    if (document.errors.length > 0) continue;
    const experiment = experimentOf(document, issues, (name) =>
      filled.length > 1 ? `${stem}/${name}` : stem,
    );
    if (!experiment) continue;
    const earlier = seen.get(experiment.name);
    if (earlier !== undefined)
      issues.add(['metadata', 'name'], `duplicate name '${experiment.name}' (first at line ${earlier})`);
    seen.set(experiment.name, experiment.source.line);
    experiments.push(experiment);
  }
  // Line order, as people read the file (the sort is stable for issues on one line).
  if (list.length > 0) throw new ChaosSpecError(list.sort((a, b) => a.line - b.line));
  return experiments;
}

/** Every experiment file of a directory (`*.yaml`, `*.yml`), in name order; all files' issues in one error. */
export function findExperiments(dir: string = EXPERIMENTS_DIR): Experiment[] {
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  const experiments: Experiment[] = [];
  const issues: SpecIssue[] = [];
  for (const name of files) {
    try {
      experiments.push(...loadExperiments(join(dir, name)));
    } catch (error) {
      if (!(error instanceof ChaosSpecError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ChaosSpecError(issues);
  return experiments;
}
