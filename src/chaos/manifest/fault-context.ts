import type { z } from 'zod';
import type { DocumentPath } from './source-lines.ts';
import type { SpecIssues } from './spec-issues.ts';

/** Where a chaos spec sits and what it may contain. */
export interface FaultContext {
  issues: SpecIssues;
  /** Path of the spec object in the document (e.g. `spec` or `spec.templates[2].networkChaos`). */
  path: DocumentPath;
  /** The resource's namespace: the default of every selector's namespaces. */
  namespace: string;
  /** Embedded in a Workflow template, where `duration` is refused in favour of the template's `deadline`. */
  inWorkflow: boolean;
}

/** Parses `spec` with `schema`, recording its issues under the context's path; undefined when it failed. */
export function parseSpec<Schema extends z.ZodType>(
  schema: Schema,
  spec: unknown,
  context: FaultContext,
): z.output<Schema> | undefined {
  const parsed = schema.safeParse(spec, { reportInput: true });
  if (parsed.success) return parsed.data;
  context.issues.addZod(parsed.error, context.path);
  return undefined;
}

/** Refuses a chaos `duration` inside a Workflow, as Chaos Mesh's webhook does. */
export function checkWorkflowDuration(durationMs: number | undefined, context: FaultContext): void {
  if (context.inWorkflow && durationMs !== undefined)
    context.issues.add(
      [...context.path, 'duration'],
      "must not be set on chaos inside a Workflow; set the template's deadline instead",
    );
}
