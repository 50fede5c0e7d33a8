/**
 * The JSON-path subset probes use: `$`, then `.key`, `['key']` or `[index]` steps, and `.length`
 * on an array or string, e.g. `$.status`, `$.components.cassandra.details.nodesUp`,
 * `$.content.length`, `$.masters[0]`. Anything richer (filters, wildcards) is refused when the
 * path is parsed, so a typo never silently matches nothing.
 */
export type PathStep = { key: string } | { index: number };

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/** Parses a path into its steps, or returns a message saying what is wrong with it. */
export function parseJsonPath(path: string): PathStep[] | string {
  if (!path.startsWith('$')) return `a JSON path starts with '$'; got '${path}'`;
  const steps: PathStep[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = STEP.exec(rest);
    if (!match) {
      return `unsupported JSON path '${path}' at '${rest}': use .key, ['key'], [index] or .length`;
    }
    const [whole, dotted, index, single, double] = match;
    steps.push(index !== undefined ? { index: Number(index) } : { key: dotted ?? single ?? double ?? '' });
    rest = rest.slice(whole.length);
  }
  return steps;
}

/** What a path finds in a value: `found: false` when a step leads nowhere. */
export type PathResult = { found: true; value: unknown } | { found: false };

/** Follows parsed steps through a JSON value. */
export function readJsonPath(value: unknown, steps: readonly PathStep[]): PathResult {
  let current = value;
  for (const step of steps) {
    if ('index' in step) {
      if (!Array.isArray(current) || step.index >= current.length) return { found: false };
      current = current[step.index] as unknown;
    } else if (step.key === 'length' && (Array.isArray(current) || typeof current === 'string')) {
      current = current.length;
    } else if (current !== null && typeof current === 'object' && step.key in current) {
      current = (current as Record<string, unknown>)[step.key];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}
