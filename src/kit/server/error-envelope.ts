import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  ButterflyError,
  RateLimitedError,
  RetryableError,
  httpStatusOf,
  type ErrorCode,
  type FieldIssue,
} from '../errors/index.ts';

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

// Fastify's own error codes that are the client's fault, and what we call them.
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
};

/** Maps any thrown value to the envelope; the only place errors become HTTP answers. */
export function toErrorReply(error: unknown, correlationId: string): ErrorReply {
  const reply = (
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    unexpected = false,
  ): ErrorReply => ({
    status: httpStatusOf(code),
    headers: {},
    envelope: { error: { code, message, details }, correlationId },
    unexpected,
  });

  if (error instanceof ButterflyError) {
    const answer = reply(error.code, error.message, error.details);
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
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues: FieldIssue[] = error.validation.map((issue) => ({
      field: fieldPath(error.validationContext, issue.instancePath, issue.params),
      message: issue.message ?? 'invalid value',
    }));
    return reply('VALIDATION_FAILED', `invalid ${error.validationContext ?? 'request'}`, { issues });
  }
  const fastifyCode =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const mapped = FASTIFY_CODES[fastifyCode];
  if (mapped) return reply(mapped, (error as Error).message);
  if (error instanceof SyntaxError && 'statusCode' in error && error.statusCode === 400) {
    return reply('MALFORMED_BODY', 'the request body is not valid JSON');
  }
  const status =
    typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
  if (status >= 400 && status < 500) return reply('VALIDATION_FAILED', (error as Error).message);
  return reply('INTERNAL', 'internal error; the correlation id finds it in the logs', {}, true);
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
