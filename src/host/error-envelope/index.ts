export { errorEnvelope } from './error-envelope-plugin.ts';
export { envelopeReply, toErrorReply, type ErrorEnvelope, type ErrorReply } from './error-envelope.ts';
export { FASTIFY_ERROR_CODES } from './fastify-error-codes.ts';
export { clientErrorReply, frameworkErrorReply } from './framework-errors.ts';
