import { z } from 'zod';

/**
 * RIM ids name what the platform observes. Grammar (docs/rim-ids.md):
 *
 *   rim-id  = "rim:" kind 1*( ":" segment )      ; at most 256 characters
 *   kind    = lower-case letter, then lower-case letters, digits or "-" (at most 32)
 *   segment = 1-64 of A-Z a-z 0-9 . _ -
 *
 * e.g. `rim:test:verification`, `rim:entity:finance:EURUSD`.
 */
export const RIM_ID_PATTERN = /^rim:[a-z][a-z0-9-]{0,31}(?::[A-Za-z0-9._-]{1,64})+$/;

/** The rule, as a validation message tells it. */
export const RIM_ID_RULE =
  "expected 'rim:<kind>:<segment>[:<segment>…]': kind is lower-case letters, digits or '-', each segment 1-64 of A-Z a-z 0-9 . _ -, at most 256 characters";

/** Schema for a RIM id at any entry point. */
export const rimIdSchema = z.string().max(256, RIM_ID_RULE).regex(RIM_ID_PATTERN, RIM_ID_RULE);

/** True when `value` is a valid RIM id. */
export function isRimId(value: string): boolean {
  return value.length <= 256 && RIM_ID_PATTERN.test(value);
}
