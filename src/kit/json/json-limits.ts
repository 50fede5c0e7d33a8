import type { JsonInputReason } from './json-input-error.ts';

/** The bounds a strict JSON document is held to. */
export interface JsonLimits {
  /** Largest document in bytes of UTF-8 (the default matches `BUTTERFLY_BODY_LIMIT`'s). */
  readonly maxBytes: number;
  /** Deepest nesting of objects and arrays; the outermost container is level 1. */
  readonly maxDepth: number;
  /** Longest object key, in UTF-16 code units (an astral character counts 2), as zod's max() counts. */
  readonly maxKeyLength: number;
}

/**
 * The documented limits (docs/services.md, "Limits of input"). 32 levels is far more than any
 * of our documents uses and far less than what overflows a recursive reader (JSON.stringify,
 * zod, the stores' drivers); 256 is the longest name a key needs.
 */
export const JSON_LIMITS: JsonLimits = Object.freeze({
  maxBytes: 1_048_576,
  maxDepth: 32,
  maxKeyLength: 256,
});

/** The largest integer a JSON number may carry exactly: 2^53 − 1. */
export const MAX_JSON_INTEGER = Number.MAX_SAFE_INTEGER;

/** A broken rule: which one, and what is accepted instead. */
export interface JsonProblem {
  reason: JsonInputReason;
  message: string;
}

/**
 * What is wrong with an object key (beyond the rules every string follows), if anything;
 * `parentKey` is the key of the object it is in, when that object is itself under a key.
 */
export function keyProblem(
  key: string,
  limits: JsonLimits,
  parentKey?: string | number,
): JsonProblem | undefined {
  // JSON.parse keeps `__proto__` as an own property, but z.record drops it without a word and
  // Object.assign would set a prototype with it: one refusal here beats auditing every reader.
  if (key === '__proto__')
    return {
      reason: 'prototype-key',
      message: "the key '__proto__' is not accepted (it names an object's prototype in JavaScript)",
    };
  // `constructor.prototype` reaches Object.prototype through a deep merge just as well.
  if (key === 'prototype' && parentKey === 'constructor')
    return {
      reason: 'prototype-key',
      message:
        "the key 'prototype' inside 'constructor' is not accepted (it names a prototype in JavaScript)",
    };
  if (key.length > limits.maxKeyLength)
    return {
      reason: 'key-too-long',
      message: `keys are at most ${limits.maxKeyLength} characters (this one has ${key.length})`,
    };
  return undefined;
}

/** NUL: PostgreSQL refuses it in text and jsonb (22P05, 22021), so nothing of ours keeps it. */
export const NUL_PROBLEM: JsonProblem = {
  reason: 'nul',
  message: 'the NUL character (\\u0000) is not accepted in text',
};

/** A lone surrogate has no UTF-8 form: stores would refuse it or turn it into U+FFFD. */
export const LONE_SURROGATE_PROBLEM: JsonProblem = {
  reason: 'lone-surrogate',
  message: 'a lone UTF-16 surrogate (e.g. \\ud800) is not a Unicode character; send well-formed text',
};

/** What is wrong with a string or key's characters, if anything. */
export function textProblem(text: string): JsonProblem | undefined {
  if (text.includes('\u0000')) return NUL_PROBLEM;
  if (!text.isWellFormed()) return LONE_SURROGATE_PROBLEM;
  return undefined;
}

/** What is wrong with a number already read as a JavaScript number, if anything. */
export function numberProblem(value: number, literal = String(value)): JsonProblem | undefined {
  if (!Number.isFinite(value))
    return {
      reason: 'non-finite-number',
      message: `${literal} is beyond a 64-bit floating-point number (at most ±1.7976931348623157e308)`,
    };
  if (Number.isInteger(value) && !Number.isSafeInteger(value) && !/[.eE]/.test(literal))
    return {
      reason: 'unsafe-integer',
      message: `${literal}: integers must be within ±${MAX_JSON_INTEGER} (2^53 − 1) to be kept exactly; send larger ones as strings`,
    };
  return undefined;
}

/**
 * What is wrong with a number literal, if anything: on top of `numberProblem`, the literal must
 * mean the same decimal as the double it reads as (else `1e-400` would be stored as 0, and
 * `0.1000000000000000000001` as 0.1, without a word).
 */
export function numberLiteralProblem(literal: string): JsonProblem | undefined {
  const value = Number(literal);
  if (Number.isNaN(value)) return undefined; // not a number literal: JSON.parse names the syntax error
  const problem = numberProblem(value, literal);
  if (problem) return problem;
  const sent = decimalOf(literal);
  if (sent !== undefined && sent !== decimalOf(String(value)))
    return {
      reason: 'inexact-number',
      message: `${literal} cannot be kept exactly by a 64-bit floating-point number (it would read back as ${String(value)})`,
    };
  return undefined;
}

/** A number literal's exact decimal value as `<sign><digits>e<exponent>`, zero as `0`. */
function decimalOf(literal: string): string | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (!match) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let digits = (whole! + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  let power = Number(exponent) - fraction.length;
  const trimmed = digits.replace(/0+$/, '');
  power += digits.length - trimmed.length;
  digits = trimmed;
  return `${sign}${digits}e${power}`;
}
