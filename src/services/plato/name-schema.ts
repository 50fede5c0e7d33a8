import { z } from 'zod';

/** Names of namespaces, policies, rules and plan steps: letters, digits, `.`, `_`, `-`. */
export const nameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "expected letters, digits, '.', '_' or '-', starting with a letter or digit",
  );
