import { JsonInputError } from './json-input-error.ts';
import {
  keyProblem,
  LONE_SURROGATE_PROBLEM,
  NUL_PROBLEM,
  numberLiteralProblem,
  type JsonLimits,
  type JsonProblem,
} from './json-limits.ts';
import { fieldOf, type JsonPathSegment } from './json-path.ts';

/** One open object or array, with where the scan is inside it. */
interface Frame {
  array: boolean;
  /** The current member: an array index, or the last key read. */
  at: JsonPathSegment | undefined;
  /** In an object, the next string is a key. */
  expectingKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER_CHARS = /[-+.0-9eE]/y;

/**
 * Checks a JSON text against the limits in one pass, with an explicit stack (no recursion, so a
 * 10,000-level document costs a counter, not the call stack): nesting depth, keys, NUL and lone
 * surrogates in strings and keys, number literals. It reads each number's literal itself rather
 * than through JSON.parse's reviver because the reviver does not know the path it is at. It does
 * not judge syntax: JSON.parse does that after it, so on broken text it only has to not crash.
 */
export function scanJsonText(text: string, limits: JsonLimits, root: string): void {
  const stack: Frame[] = [];
  const refuse = (problem: JsonProblem, extra?: JsonPathSegment): never => {
    const path = stack.map((frame) => frame.at).filter((at) => at !== undefined);
    throw new JsonInputError(
      problem.reason,
      fieldOf(root, extra === undefined ? path : [...path, extra]),
      problem.message,
    );
  };
  let i = 0;
  while (i < text.length) {
    const char = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (char === QUOTE) {
      const end = stringEnd(text, i);
      if (top && !top.array && top.expectingKey) {
        const key = keyOf(text.slice(i, end.next));
        top.at = key;
        top.expectingKey = false;
        const problem = end.problem ?? keyProblem(key, limits, stack[stack.length - 2]?.at);
        if (problem) refuse(problem);
      } else if (end.problem) refuse(end.problem);
      i = end.next;
    } else if (char === 0x7b || char === 0x5b) {
      if (stack.length >= limits.maxDepth)
        refuse({
          reason: 'too-deep',
          message: `JSON nests at most ${limits.maxDepth} levels of objects and arrays`,
        });
      stack.push({ array: char === 0x5b, at: char === 0x5b ? 0 : undefined, expectingKey: char === 0x7b });
      i += 1;
    } else if (char === 0x7d || char === 0x5d) {
      stack.pop();
      i += 1;
    } else if (char === 0x2c && top) {
      if (top.array) top.at = (top.at as number) + 1;
      else top.expectingKey = true;
      i += 1;
    } else if (char === 0x2d || (char >= 0x30 && char <= 0x39)) {
      NUMBER_CHARS.lastIndex = i;
      let end = i;
      while (NUMBER_CHARS.test(text)) end = NUMBER_CHARS.lastIndex;
      const problem = numberLiteralProblem(text.slice(i, end));
      if (problem) refuse(problem);
      i = end;
    } else i += 1;
  }
}

/** A key as JSON.parse will read it (the raw text when it is not a valid string: a syntax error follows). */
function keyOf(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted;
  }
}

/**
 * Where the string starting at `start` ends, and the first NUL or lone surrogate in it, whether
 * written as an escape (`\u0000`, `\ud800`) or raw (possible when the text did not come from bytes).
 */
function stringEnd(text: string, start: number): { next: number; problem?: JsonProblem } {
  let problem: JsonProblem | undefined;
  let i = start + 1;
  while (i < text.length) {
    const char = text.charCodeAt(i);
    if (char === QUOTE) return { next: i + 1, problem };
    if (char === BACKSLASH) {
      if (text[i + 1] !== 'u') {
        i += 2;
        continue;
      }
      const unit = hexUnit(text, i + 2);
      if (unit === 0) problem ??= NUL_PROBLEM;
      if (unit >= 0xd800 && unit <= 0xdbff && text[i + 6] === '\\' && text[i + 7] === 'u') {
        const low = hexUnit(text, i + 8);
        if (low >= 0xdc00 && low <= 0xdfff) {
          i += 12;
          continue;
        }
      }
      if (unit >= 0xd800 && unit <= 0xdfff) problem ??= LONE_SURROGATE_PROBLEM;
      i += 6;
      continue;
    }
    if (char === 0) problem ??= NUL_PROBLEM;
    if (char >= 0xd800 && char <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        i += 2;
        continue;
      }
    }
    if (char >= 0xd800 && char <= 0xdfff) problem ??= LONE_SURROGATE_PROBLEM;
    i += 1;
  }
  return { next: i, problem };
}

/** The code unit of the four hex digits at `at`, or -1 when they are not hex. */
function hexUnit(text: string, at: number): number {
  const hex = text.slice(at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
}
