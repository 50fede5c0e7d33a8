import { ButterflyError, type ErrorCode } from '../errors/index.ts';

/** Why a JSON document or value was refused; stable, for tests and logs. */
export type JsonInputReason =
  | 'too-large'
  | 'invalid-utf8'
  | 'syntax'
  | 'too-deep'
  | 'nul'
  | 'lone-surrogate'
  | 'key-too-long'
  | 'prototype-key'
  | 'non-finite-number'
  | 'unsafe-integer'
  | 'inexact-number';

// A body that is too big is 413 like Fastify's own limit; one that is not JSON is BFY_ERR_MALFORMED_BODY;
// well-formed JSON that breaks one of our rules is a field-level validation failure.
const CODE_OF: Readonly<Record<JsonInputReason, ErrorCode>> = {
  'too-large': 'BFY_ERR_PAYLOAD_TOO_LARGE',
  'invalid-utf8': 'BFY_ERR_MALFORMED_BODY',
  syntax: 'BFY_ERR_MALFORMED_BODY',
  'too-deep': 'BFY_ERR_VALIDATION_FAILED',
  nul: 'BFY_ERR_VALIDATION_FAILED',
  'lone-surrogate': 'BFY_ERR_VALIDATION_FAILED',
  'key-too-long': 'BFY_ERR_VALIDATION_FAILED',
  'prototype-key': 'BFY_ERR_VALIDATION_FAILED',
  'non-finite-number': 'BFY_ERR_VALIDATION_FAILED',
  'unsafe-integer': 'BFY_ERR_VALIDATION_FAILED',
  'inexact-number': 'BFY_ERR_VALIDATION_FAILED',
};

/**
 * A JSON document refused by the strict parser: `field` names where (`body.payload.a.0`, the
 * dotted form zod's issues use), `reason` what rule it broke; `details.issues` carries the same
 * one issue so the error envelope looks like any other validation failure.
 */
export class JsonInputError extends ButterflyError {
  readonly reason: JsonInputReason;
  readonly field: string;

  constructor(reason: JsonInputReason, field: string, message: string) {
    super(CODE_OF[reason], `${field}: ${message}`, { reason, issues: [{ field, message }] });
    this.reason = reason;
    this.field = field;
  }
}
