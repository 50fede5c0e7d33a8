import fastifyPlugin from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { childTraceparent, isTraceparent, type CallContext } from '../kit/http/index.ts';
import { headerText } from './auth/index.ts';

/**
 * Builds each request's `CallContext`, what calls to peers made on its behalf carry: the
 * tenant, the caller's credentials and a child `traceparent`. Runs after tenancy.
 */
export const callContext = fastifyPlugin(
  async (app) => {
    app.decorateRequest('callContext', null as unknown as CallContext);
    app.addHook('onRequest', async (request) => {
      request.callContext = callContextOf(request);
    });
  },
  { name: 'butterfly-call-context', dependencies: ['butterfly-tenancy'] },
);

function callContextOf(request: FastifyRequest): CallContext {
  const incoming = request.headers.traceparent;
  const authorization = request.headers.authorization;
  const apiKey = headerText(request, 'x-api-key');
  return {
    tenant: request.tenant,
    correlationId: request.id,
    traceparent: childTraceparent(isTraceparent(incoming) ? incoming : undefined),
    ...(authorization ? { authorization } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
