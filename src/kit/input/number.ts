import { z } from 'zod';
import { MAX_JSON_INTEGER } from '../json/index.ts';

/** An integer every reader keeps exactly: within ±(2^53 − 1). */
export const safeIntegerSchema = z
  .number()
  .int(`expected an integer within ±${MAX_JSON_INTEGER}`)
  .min(-MAX_JSON_INTEGER)
  .max(MAX_JSON_INTEGER);

/** A finite number (zod refuses Infinity and NaN already; this says so in the message). */
export const finiteNumberSchema = z.number({ error: 'expected a finite number' });
