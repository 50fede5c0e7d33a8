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
import type { CriteriaConfigMap } from './derived-criteria.ts';
import { criteriaOf } from './experiment-criteria.ts';
import type { Experiment, ExperimentKind, Step } from './experiment.ts';
import { sideDocument, USER_CATEGORY_LABEL, userMetadata } from './user-documents.ts';
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

function rootOf(
  kind: ExperimentKind,
  spec: Record<string, unknown>,
  issues: SpecIssues,
  meta: { name: string; namespace: string },
): { root: Step | undefined; schedule?: { cron: string } } {
  if (isFaultKind(kind)) {
    const fault = FAULT_KINDS[kind].parse(spec, {
      issues,
      path: ['spec'],
      namespace: meta.namespace,
      inWorkflow: false,
    });
    const root: Step | undefined = fault && {
      type: 'Fault',
      name: meta.name,
      ...(fault.durationMs !== undefined ? { deadlineMs: fault.durationMs } : {}),
      fault,
      source: { file: issues.file, line: issues.lines.lineOf(['spec']) },
    };
    return { root };
  }
  if (kind === 'Workflow') return { root: workflowRoot(spec, ['spec'], issues, meta.namespace) };
  const scheduled = scheduleOf(spec, ['spec'], issues, meta);
  return { root: scheduled?.root, ...(scheduled ? { schedule: { cron: scheduled.cron } } : {}) };
}

/** One document → an experiment; issues go to `issues`. */
function experimentOf(
  document: Document.Parsed,
  issues: SpecIssues,
  name: (metadataName: string) => string,
  configMaps: ReadonlyMap<string, CriteriaConfigMap>,
): Experiment | undefined {
  const manifest = document.toJS() as unknown;
  const parsed = envelopeSchema.safeParse(manifest, { reportInput: true });
  if (!parsed.success) {
    issues.addZod(parsed.error);
    return undefined;
  }
  const { kind, metadata, spec } = parsed.data;
  const namespace = metadata.namespace ?? DEFAULT_NAMESPACE;
  const before = issues.list.length;
  const { root, schedule } = rootOf(kind, spec, issues, { name: metadata.name, namespace });
  const annotations = metadata.annotations ?? {};
  // Criteria are derived from the faults; a fault already refused would only add a misleading issue.
  const judged =
    root &&
    issues.list.length === before &&
    criteriaOf({ name: metadata.name, annotations }, root, issues, configMaps.get(metadata.name));
  if (!root || !judged) return undefined;
  const labels = metadata.labels ?? {};
  return {
    name: name(metadata.name),
    file: issues.file,
    category: labels[CATEGORY_LABEL] ?? labels[USER_CATEGORY_LABEL] ?? 'general',
    manifest: manifest as Record<string, unknown>,
    kind,
    root,
    ...(schedule ? { schedule } : {}),
    criteria: judged.criteria,
    ...(judged.derivation ? { derivation: judged.derivation } : {}),
    user: userMetadata(labels, annotations),
    source: { file: issues.file, line: issues.lines.start },
  };
}

/** Something in a file worth saying that is not an error (an ignored document, an unused ConfigMap). */
export interface SpecNote {
  file: string;
  line: number;
  message: string;
}

function readText(path: string, file: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ChaosSpecError([
      { file, line: 0, field: '', message: `cannot read the file (${reason})`, unsupported: false },
    ]);
  }
}

/** The file's non-empty documents (an empty one, e.g. after a trailing `---`, is skipped as kubectl does). */
function documentsOf(text: string, file: string, counter: LineCounter): Document.Parsed[] {
  const documents = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  const filled = Array.isArray(documents)
    ? documents.filter(
        (document) => document.errors.length > 0 || (document.contents !== null && document.toJS() != null),
      )
    : [];
  if (filled.length === 0)
    throw new ChaosSpecError([
      { file, line: 1, field: '', message: 'no YAML document in the file', unsupported: false },
    ]);
  return filled;
}

/** Splits a file's documents: chaos resources to read, criteria ConfigMaps, notes on the rest; YAML errors to `list`. */
function sortDocuments(
  documents: readonly Document.Parsed[],
  file: string,
  counter: LineCounter,
  list: SpecIssue[],
) {
  const chaos: { document: Document.Parsed; issues: SpecIssues }[] = [];
  const configMaps = new Map<string, CriteriaConfigMap>();
  const notes: SpecNote[] = [];
  for (const document of documents) {
    const issues = new SpecIssues(file, new SourceLines(document, counter), list);
    for (const error of document.errors)
      issues.list.push({
        file,
        line: error.linePos?.[0].line ?? issues.lines.start,
        field: '',
        message: `not valid YAML: ${error.message.split('\n')[0]}`,
        unsupported: false,
      });
    if (document.errors.length > 0) continue;
    const side = sideDocument(document.toJS(), CHAOS_API_VERSION);
    if (!side) chaos.push({ document, issues });
    else if (side.kind === 'ignored') notes.push({ file, line: issues.lines.start, message: side.note });
    else configMaps.set(side.configMap.name.replace(/-criteria$/, ''), side.configMap);
  }
  return { chaos, configMaps, notes };
}

/** One file → its experiments and notes; throws ChaosSpecError naming file:line for every issue. */
export function loadExperimentFile(path: string): { experiments: Experiment[]; notes: SpecNote[] } {
  const file = displayPath(path);
  const counter = new LineCounter();
  const list: SpecIssue[] = [];
  const { chaos, configMaps, notes } = sortDocuments(
    documentsOf(readText(path, file), file, counter),
    file,
    counter,
    list,
  );
  const stem = basename(path, extname(path));
  const experiments: Experiment[] = [];
  const seen = new Map<string, number>();
  for (const { document, issues } of chaos) {
    const experiment = experimentOf(
      document,
      issues,
      (name) => (chaos.length > 1 ? `${stem}/${name}` : stem),
      configMaps,
    );
    if (!experiment) continue;
    const earlier = seen.get(experiment.name);
    if (earlier !== undefined)
      issues.add(['metadata', 'name'], `duplicate name '${experiment.name}' (first at line ${earlier})`);
    seen.set(experiment.name, experiment.source.line);
    experiments.push(experiment);
  }
  for (const [name, map] of configMaps)
    if (
      !chaos.some(
        ({ document }) => (document.toJS() as { metadata?: { name?: unknown } })?.metadata?.name === name,
      )
    )
      notes.push({
        file,
        line: 0,
        message: `ConfigMap ${map.name}: no experiment named '${name}' in the file; ignored`,
      });
  // Line order, as people read the file (the sort is stable for issues on one line).
  if (list.length > 0) throw new ChaosSpecError(list.sort((a, b) => a.line - b.line));
  return { experiments, notes };
}

/** One file → its documents; throws ChaosSpecError naming file:line and what's supported. */
export function loadExperiments(path: string): Experiment[] {
  return loadExperimentFile(path).experiments;
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
