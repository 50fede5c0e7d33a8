import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  ButterflyError,
  RateLimitedError,
  RetryableError,
  httpStatusOf,
  type ErrorCode,
  type FieldIssue,
} from '../../kit/errors/index.ts';
import { FASTIFY_ERROR_CODES } from './fastify-error-codes.ts';

/** The one shape of every error answer. */
export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> };
  correlationId: string;
}

/** What to send for an error: status, extra headers and the envelope. */
export interface ErrorReply {
  status: number;
  headers: Record<string, string>;
  envelope: ErrorEnvelope;
  /** True when the error was not raised on purpose and must be logged in full. */
  unexpected: boolean;
}

/** The answer for an error code: its status from the code table and the envelope. */
export function envelopeReply(
  code: ErrorCode,
  message: string,
  correlationId: string,
  details: Record<string, unknown> = {},
  unexpected = false,
): ErrorReply {
  return {
    status: httpStatusOf(code),
    headers: {},
    envelope: { error: { code, message, details }, correlationId },
    unexpected,
  };
}

/** Maps any thrown value to the envelope; the only place errors become HTTP answers. */
export function toErrorReply(error: unknown, correlationId: string): ErrorReply {
  if (error instanceof ButterflyError) return butterflyReply(error, correlationId);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues: FieldIssue[] = error.validation.map((issue) => ({
      field: fieldPath(error.validationContext, issue.instancePath, issue.params),
      message: issue.message ?? 'invalid value',
    }));
    const message = `invalid ${error.validationContext ?? 'request'}`;
    return envelopeReply('BFY_ERR_VALIDATION_FAILED', message, correlationId, { issues });
  }
  const fastifyCode =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const mapped = FASTIFY_ERROR_CODES[fastifyCode];
  if (mapped) return envelopeReply(mapped, (error as Error).message, correlationId);
  if (error instanceof SyntaxError && 'statusCode' in error && error.statusCode === 400) {
    return envelopeReply('BFY_ERR_MALFORMED_BODY', 'the request body is not valid JSON', correlationId);
  }
  const status =
    typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
  if (status >= 400 && status < 500)
    return envelopeReply('BFY_ERR_VALIDATION_FAILED', (error as Error).message, correlationId);
  const message = 'internal error; the correlation id finds it in the logs';
  return envelopeReply('BFY_ERR_INTERNAL', message, correlationId, {}, true);
}

function butterflyReply(error: ButterflyError, correlationId: string): ErrorReply {
  const answer = envelopeReply(error.code, error.message, correlationId, error.details);
  if (error instanceof RetryableError) answer.headers['retry-after'] = String(error.retryAfterSeconds);
  if (error instanceof RateLimitedError) {
    const { limit, remaining, resetSeconds } = error.rateLimit;
    Object.assign(answer.headers, {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(Math.ceil(resetSeconds)),
    });
  }
  return answer;
}

function fieldPath(context: string | undefined, instancePath: string, params: unknown): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean);
  // A missing required key is reported on its parent; name the key itself.
  const missing =
    typeof params === 'object' && params !== null && 'missingProperty' in params
      ? String(params.missingProperty)
      : undefined;
  if (missing) path.push(missing);
  return [context ?? 'body', ...path].join('.');
}
