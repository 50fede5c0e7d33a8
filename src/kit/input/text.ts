import { z } from 'zod';
import { textProblem } from '../json/index.ts';

/**
 * Any free text a request carries — a body field, a path or query parameter: a string without
 * NUL (PostgreSQL refuses it, 22P05/22021) or lone surrogates (no UTF-8 form). Chain `.min()`,
 * `.max()`, `.regex()` on it as on `z.string()`. The pattern tells the OpenAPI document too.
 */
export const textSchema = z
  .string()
  .regex(/^[^\u0000]*$/, 'the NUL character (\\u0000) is not accepted in text')
  .refine((value) => textProblem(value)?.reason !== 'lone-surrogate', {
    message: 'a lone UTF-16 surrogate (e.g. \\ud800) is not a Unicode character; send well-formed text',
    abort: true,
  });
