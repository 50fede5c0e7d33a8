import { z } from 'zod';
import { jsonValueIssue, type JsonLimits } from '../json/index.ts';

/**
 * A free-form JSON object (a signal's payload, an action's parameters): held to the strict
 * parser's rules (depth, keys, NUL, lone surrogates, finite numbers, safe integers) so it is
 * safe however the body was parsed, plus `maxBytes` of its JSON. The check runs on the value as
 * received — before z.record, which would drop a `__proto__` key without a word — and walks it
 * without recursion; the issue's path points into the object.
 */
export function jsonObjectSchema(limits: Partial<JsonLimits> = {}) {
  return z.preprocess(
    (value, ctx) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const issue = jsonValueIssue(value, limits);
      if (issue) {
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: value });
        return value;
      }
      if (limits.maxBytes !== undefined) {
        const bytes = Buffer.byteLength(JSON.stringify(value));
        if (bytes > limits.maxBytes)
          ctx.addIssue({
            code: 'custom',
            message: `at most ${limits.maxBytes} bytes of JSON (this is ${bytes})`,
            input: value,
          });
      }
      return value;
    },
    z.record(z.string(), z.unknown()),
  );
}

/** The free-form object with the default limits (JSON_LIMITS). */
export const jsonObject = jsonObjectSchema();
