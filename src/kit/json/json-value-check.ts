import {
  JSON_LIMITS,
  keyProblem,
  numberProblem,
  textProblem,
  type JsonLimits,
  type JsonProblem,
} from './json-limits.ts';
import type { JsonPathSegment } from './json-path.ts';

/** A rule a parsed value breaks, and where (relative to the value). */
export interface JsonValueIssue extends JsonProblem {
  path: JsonPathSegment[];
}

/**
 * The first rule of the strict parser that an already-parsed value breaks, or undefined: depth,
 * keys, NUL and lone surrogates, finite numbers, safe integers (a parsed number has lost its
 * literal, so precision is the parser's to check). Walks with an explicit stack: a value nested
 * 10,000 levels deep is refused at level `maxDepth + 1`, never overflows the call stack.
 * Values other than JSON's (undefined, functions, class instances) are not judged here.
 */
export function jsonValueIssue(value: unknown, limits: Partial<JsonLimits> = {}): JsonValueIssue | undefined {
  const bounds: JsonLimits = { ...JSON_LIMITS, ...limits };
  const pending: { value: unknown; path: JsonPathSegment[] }[] = [{ value, path: [] }];
  while (pending.length > 0) {
    const { value: item, path } = pending.pop()!;
    const problem = leafProblem(item);
    if (problem) return { ...problem, path };
    if (item === null || typeof item !== 'object') continue;
    const depth = path.length + 1;
    if (depth > bounds.maxDepth)
      return {
        reason: 'too-deep',
        message: `JSON nests at most ${bounds.maxDepth} levels of objects and arrays`,
        path,
      };
    if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1)
        pending.push({ value: item[index], path: [...path, index] });
      continue;
    }
    const keys = Object.keys(item);
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index]!;
      const broken = textProblem(key) ?? keyProblem(key, bounds);
      if (broken) return { ...broken, path: [...path, key] };
      pending.push({ value: (item as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return undefined;
}

function leafProblem(value: unknown): JsonProblem | undefined {
  if (typeof value === 'string') return textProblem(value);
  if (typeof value === 'number') return numberProblem(value);
  return undefined;
}
