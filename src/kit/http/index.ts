export { backgroundCallContext, childTraceparent, isTraceparent, type CallContext } from './call-context.ts';
export { correlationIdFrom } from './correlation.ts';
export { errorEnvelopeSchema, errorResponses } from './error-responses.ts';
export {
  pageOf,
  pageQuery,
  pageSchema,
  toPage,
  type Page,
  type PageRequest,
  type PageSlice,
} from './page.ts';
