import fastifyPlugin from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { envelopeReply, toErrorReply } from './error-envelope.ts';
import { RouteMethods } from './route-methods.ts';

/**
 * Every error answer of the app in the one envelope: thrown errors through `toErrorReply`, a
 * known path asked with a method it does not have as `BFY_ERR_METHOD_NOT_ALLOWED` (with `Allow`), any
 * other unmatched request as `BFY_ERR_ROUTE_NOT_FOUND`. Unexpected errors are logged in full, other 5xx
 * as a warning with their code. Registered before the routes, so it sees every one of them.
 */
export const errorEnvelope = fastifyPlugin(
  async (app) => {
    const routes = new RouteMethods();
    app.addHook('onRoute', (route) => routes.add(route.url, route.method));

    app.setErrorHandler(async (error, request, reply) => {
      // An unmatched request that fails before the not-found handler (a QUERY without a
      // content type) is still a wrong method or an unknown path.
      if (request.is404) return unmatched(request, reply);
      const answer = toErrorReply(error, request.id);
      if (answer.unexpected) request.log.error({ err: error }, 'unexpected error');
      else if (answer.status >= 500)
        request.log.warn({ code: answer.envelope.error.code }, answer.envelope.error.message);
      return reply.code(answer.status).headers(answer.headers).send(answer.envelope);
    });

    const unmatched = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0]!;
      const allowed = routes.allowedOn(path);
      if (allowed.length > 0) {
        const message = `${request.method} is not allowed on ${path}; it answers ${allowed.join(', ')}`;
        const answer = envelopeReply('BFY_ERR_METHOD_NOT_ALLOWED', message, request.id, { allowed });
        return reply.code(answer.status).header('allow', allowed.join(', ')).send(answer.envelope);
      }
      const answer = envelopeReply(
        'BFY_ERR_ROUTE_NOT_FOUND',
        `no route for ${request.method} ${path}`,
        request.id,
      );
      return reply.code(answer.status).send(answer.envelope);
    };
    app.setNotFoundHandler(unmatched);
  },
  { name: 'butterfly-error-envelope' },
);
