import type { ErrorCode } from '../../kit/errors/index.ts';

/**
 * Fastify's own error codes that are the client's fault, and what we call them. The one table
 * to extend when another of Fastify's errors needs its own envelope.
 */
export const FASTIFY_ERROR_CODES: Readonly<Record<string, ErrorCode>> = Object.freeze({
  FST_ERR_CTP_BODY_TOO_LARGE: 'BFY_ERR_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'BFY_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BFY_ERR_MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BFY_ERR_MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BFY_ERR_MALFORMED_BODY',
  FST_ERR_MAX_PARAM_LENGTH: 'BFY_ERR_URI_TOO_LONG',
  FST_ERR_BAD_URL: 'BFY_ERR_MALFORMED_REQUEST',
});
