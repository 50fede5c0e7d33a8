import type { z } from 'zod';
import type { SpecIssue } from './chaos-spec-error.ts';
import { formatPath, type DocumentPath, type SourceLines } from './source-lines.ts';

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** Collects the issues of one document, each pinned to its file and line. */
export class SpecIssues {
  readonly file: string;
  readonly lines: SourceLines;
  readonly list: SpecIssue[];
  readonly #fieldPrefix: string;

  /** `list` may be shared with another collector (YAML embedded in an annotation reports into its file's list). */
  constructor(file: string, lines: SourceLines, list: SpecIssue[] = [], fieldPrefix = '') {
    this.file = file;
    this.lines = lines;
    this.list = list;
    this.#fieldPrefix = fieldPrefix;
  }

  /** Records a malformed value (or, with `unsupported`, something we do not support) at `path`. */
  add(path: DocumentPath, message: string, unsupported = false): void {
    const field = `${this.#fieldPrefix}${formatPath(path)}`;
    this.list.push({ file: this.file, line: this.lines.lineOf(path), field, message, unsupported });
  }

  /** Records a value we do not support, with the list of what we do. */
  unsupported(path: DocumentPath, value: unknown, supported: readonly string[]): void {
    this.add(path, `${describe(value)} is not supported; supported: ${supported.join(', ')}`, true);
  }

  /** Records every issue of a failed zod parse of the value found at `base`. */
  addZod(error: z.ZodError, base: DocumentPath = []): void {
    for (const issue of error.issues) {
      const path = [...base, ...(issue.path as (string | number)[])];
      const input = (issue as { input?: unknown }).input;
      switch (issue.code) {
        case 'unrecognized_keys':
          // The object schema's message is its list of supported fields (see manifest-object.ts).
          for (const key of issue.keys)
            this.add([...path, key], `'${key}' is not supported here; ${issue.message}`, true);
          break;
        case 'invalid_value':
          if (input === undefined)
            this.add(path, `required: one of ${issue.values.map(describe).join(', ')}`);
          else this.unsupported(path, input, issue.values.map(String));
          break;
        case 'invalid_type':
          this.add(path, input === undefined ? `required (${issue.expected})` : issue.message);
          break;
        default:
          this.add(path, issue.message);
      }
    }
  }
}
