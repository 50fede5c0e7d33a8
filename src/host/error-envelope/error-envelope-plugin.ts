import fastifyPlugin from 'fastify-plugin';
import { envelopeReply, toErrorReply } from './error-envelope.ts';

/**
 * Every error answer of the app in the one envelope: thrown errors through `toErrorReply`, and
 * a path no route matches as `BFY_ERR_ROUTE_NOT_FOUND`. Unexpected errors are logged in full, other
 * 5xx as a warning with their code.
 */
export const errorEnvelope = fastifyPlugin(
  async (app) => {
    app.setErrorHandler(async (error, request, reply) => {
      const answer = toErrorReply(error, request.id);
      if (answer.unexpected) request.log.error({ err: error }, 'unexpected error');
      else if (answer.status >= 500)
        request.log.warn({ code: answer.envelope.error.code }, answer.envelope.error.message);
      return reply.code(answer.status).headers(answer.headers).send(answer.envelope);
    });

    app.setNotFoundHandler(async (request, reply) => {
      const path = request.url.split('?')[0];
      const answer = envelopeReply(
        'BFY_ERR_ROUTE_NOT_FOUND',
        `no route for ${request.method} ${path}`,
        request.id,
      );
      return reply.code(answer.status).send(answer.envelope);
    });
  },
  { name: 'butterfly-error-envelope' },
);
