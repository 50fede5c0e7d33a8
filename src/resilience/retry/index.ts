export { boundedRetry } from './bounded-retry.ts';
export { isIdempotentRequest } from './idempotent-request.ts';
export { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './retry-options.ts';
