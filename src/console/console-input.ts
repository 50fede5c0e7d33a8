import type { z } from 'zod';
import { ValidationError } from '../kit/errors/index.ts';

/** Parses one part of a request at the edge; a bad value is a ValidationError naming each field. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  part: 'params' | 'body' | 'query',
): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    `invalid ${part}`,
    parsed.error.issues.map((issue) => ({
      field: [part, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}
