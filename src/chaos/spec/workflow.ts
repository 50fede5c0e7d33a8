import { z } from 'zod';
import type { Step } from './experiment.ts';
import { FAULT_KINDS, isFaultKind } from '../kinds/index.ts';
import { dnsName, goDurationField, manifestObject } from '../manifest/index.ts';
import type { DocumentPath, SpecIssues } from '../manifest/index.ts';
import { statusCheckSchema, statusCheckStep } from './status-check.ts';

/** The Workflow template types we run. */
export const TEMPLATE_TYPES = [
  'Serial',
  'Parallel',
  'Suspend',
  'Task',
  'StatusCheck',
  'PodChaos',
  'NetworkChaos',
  'StressChaos',
] as const;

const EMBED_KEYS = Object.values(FAULT_KINDS).map((kind) => kind.embedKey);

const templateSchema = manifestObject({
  name: dnsName,
  templateType: z.enum(TEMPLATE_TYPES),
  deadline: goDurationField.optional(),
  children: z.array(z.string()).optional(),
  task: manifestObject({
    container: manifestObject({
      name: z.string().min(1),
      image: z.string().min(1),
      command: z.array(z.string()).min(1),
      args: z.array(z.string()).optional(),
    }),
  }).optional(),
  statusCheck: statusCheckSchema.optional(),
  abortWithStatusCheck: z.boolean().optional(),
  // Each kind's own schema checks its spec, so its issues carry the full path.
  ...Object.fromEntries(EMBED_KEYS.map((key) => [key, z.unknown().optional()])),
});

/** Workflow `spec`. */
export const workflowSpecSchema = manifestObject({
  entry: z.string().min(1),
  templates: z.array(templateSchema).min(1),
});

type Template = z.output<typeof templateSchema>;

const FIELDS_BY_TYPE: Readonly<Record<(typeof TEMPLATE_TYPES)[number], readonly string[]>> = {
  Serial: ['children'],
  Parallel: ['children'],
  Suspend: [],
  Task: ['task'],
  StatusCheck: ['statusCheck', 'abortWithStatusCheck'],
  PodChaos: [FAULT_KINDS.PodChaos.embedKey],
  NetworkChaos: [FAULT_KINDS.NetworkChaos.embedKey],
  StressChaos: [FAULT_KINDS.StressChaos.embedKey],
};
const TYPED_FIELDS = ['children', 'task', 'statusCheck', 'abortWithStatusCheck', ...EMBED_KEYS];

/** Builds the step tree of a validated Workflow spec from its entry, recording every issue. */
class WorkflowTree {
  readonly #templates: Map<string, { template: Template; path: DocumentPath }>;
  readonly #issues: SpecIssues;
  readonly #namespace: string;
  /** Built steps by template name: a template used twice is one step, and its issues are reported once. */
  readonly #built = new Map<string, Step | undefined>();

  constructor(templates: Template[], path: DocumentPath, issues: SpecIssues, namespace: string) {
    this.#issues = issues;
    this.#namespace = namespace;
    this.#templates = new Map();
    for (const [index, template] of templates.entries()) {
      const at = [...path, 'templates', index];
      if (this.#templates.has(template.name))
        issues.add([...at, 'name'], `duplicate template name '${template.name}'`);
      else this.#templates.set(template.name, { template, path: at });
    }
    for (const { template, path: at } of this.#templates.values()) this.#checkFields(template, at);
  }

  /** Each template carries only the fields its type uses (Chaos Mesh's shouldBeNo… rules). */
  #checkFields(template: Template, path: DocumentPath): void {
    const allowed = FIELDS_BY_TYPE[template.templateType];
    const record = template as Record<string, unknown>;
    for (const field of TYPED_FIELDS) {
      if (record[field] !== undefined && !allowed.includes(field))
        this.#issues.add([...path, field], `not allowed in a ${template.templateType} template`);
    }
    const required =
      template.templateType === 'Serial' || template.templateType === 'Parallel' ? [] : allowed.slice(0, 1);
    for (const field of required) {
      if (record[field] === undefined)
        this.#issues.add([...path, field], `required in a ${template.templateType} template`);
    }
    if (template.templateType === 'Suspend' && template.deadline === undefined)
      this.#issues.add([...path, 'deadline'], 'required in a Suspend template: how long to wait');
  }

  /** The step of template `name`, referenced at `reference`; `stack` holds the templates above it. */
  build(name: string, reference: DocumentPath, stack: readonly string[] = []): Step | undefined {
    const entry = this.#templates.get(name);
    if (!entry) {
      const known = [...this.#templates.keys()].join(', ');
      this.#issues.add(reference, `no template named '${name}'; templates: ${known}`);
      return undefined;
    }
    if (stack.includes(name)) {
      this.#issues.add(reference, `cycle: ${[...stack, name].join(' → ')}`);
      return undefined;
    }
    if (this.#built.has(name)) return this.#built.get(name);
    const step = this.#step(entry.template, entry.path, [...stack, name]);
    this.#built.set(name, step);
    return step;
  }

  /** Builds every template the entry does not reach, so their issues are reported too. */
  buildUnreached(): void {
    for (const [name, { path }] of this.#templates) {
      if (!this.#built.has(name)) this.build(name, [...path, 'name']);
    }
  }

  #step(template: Template, path: DocumentPath, stack: readonly string[]): Step | undefined {
    const name = template.name;
    const source = { file: this.#issues.file, line: this.#issues.lines.lineOf(path) };
    const deadline = template.deadline !== undefined ? { deadlineMs: template.deadline } : {};
    switch (template.templateType) {
      case 'Serial':
      case 'Parallel': {
        const children = (template.children ?? []).map((child, index) =>
          this.build(child, [...path, 'children', index], stack),
        );
        return {
          type: template.templateType,
          name,
          ...deadline,
          children: children.filter((child) => child !== undefined),
          source,
        };
      }
      case 'Suspend':
        return { type: 'Suspend', name, deadlineMs: template.deadline ?? 0, source };
      case 'Task': {
        const container = template.task?.container;
        if (!container) return undefined;
        return {
          type: 'Task',
          name,
          ...deadline,
          image: container.image,
          command: [...container.command, ...(container.args ?? [])],
          source,
        };
      }
      case 'StatusCheck':
        return template.statusCheck
          ? statusCheckStep(
              template.statusCheck,
              { name, ...deadline, abortWithStatusCheck: template.abortWithStatusCheck },
              path,
              this.#issues,
            )
          : undefined;
      default:
        return this.#faultStep(template, path, source);
    }
  }

  #faultStep(template: Template, path: DocumentPath, source: Step['source']): Step | undefined {
    const kind = template.templateType;
    if (!isFaultKind(kind)) return undefined;
    const { embedKey, parse } = FAULT_KINDS[kind];
    const spec = (template as Record<string, unknown>)[embedKey];
    if (spec === undefined) return undefined;
    const fault = parse(spec, {
      issues: this.#issues,
      path: [...path, embedKey],
      namespace: this.#namespace,
      inWorkflow: true,
    });
    if (!fault) return undefined;
    // In a Workflow the template's deadline is how long the chaos lasts.
    if (template.deadline !== undefined) fault.durationMs = template.deadline;
    return {
      type: 'Fault',
      name: template.name,
      ...(template.deadline !== undefined ? { deadlineMs: template.deadline } : {}),
      fault,
      source,
    };
  }
}

/** The step tree of a Workflow spec (at `path` in the document); undefined, with issues recorded, when invalid. */
export function workflowRoot(
  spec: unknown,
  path: DocumentPath,
  issues: SpecIssues,
  namespace: string,
): Step | undefined {
  const parsed = workflowSpecSchema.safeParse(spec, { reportInput: true });
  if (!parsed.success) {
    issues.addZod(parsed.error, path);
    return undefined;
  }
  const tree = new WorkflowTree(parsed.data.templates, path, issues, namespace);
  const root = tree.build(parsed.data.entry, [...path, 'entry']);
  tree.buildUnreached();
  return root;
}
