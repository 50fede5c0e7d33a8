import { ButterflyError } from '../../kit/errors/index.ts';

/** One problem in an experiment file, pinned to where it was written. */
export interface SpecIssue {
  file: string;
  line: number;
  /** Dotted path in the document, e.g. `spec.templates[2].networkChaos.bandwidth`. */
  field: string;
  message: string;
  /** True when the file asks for something we do not support (rather than something malformed). */
  unsupported: boolean;
}

/** Renders one issue as `file:line: field: message`. */
export function formatSpecIssue(issue: SpecIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  return `${where}: ${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
}

/**
 * An experiment file that cannot be run: BFY_ERR_CHAOS_UNSUPPORTED when it asks for a kind, action or
 * field we do not support, BFY_ERR_VALIDATION_FAILED when it is malformed. Both exit 2; the message has
 * one `file:line: field: message` line per issue.
 */
export class ChaosSpecError extends ButterflyError {
  readonly issues: readonly SpecIssue[];
  constructor(issues: readonly SpecIssue[]) {
    const unsupported = issues.some((issue) => issue.unsupported);
    super(
      unsupported ? 'BFY_ERR_CHAOS_UNSUPPORTED' : 'BFY_ERR_VALIDATION_FAILED',
      issues.map(formatSpecIssue).join('\n'),
      {
        issues,
      },
    );
    this.issues = issues;
  }
}
