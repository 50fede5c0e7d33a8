import fastifyPlugin from 'fastify-plugin';

/**
 * Echoes the request's correlation id in `X-Correlation-ID` on every answer. The id itself is
 * the request id: Fastify's `genReqId` takes a well-formed client id or makes one.
 */
export const correlation = fastifyPlugin(
  async (app) => {
    app.addHook('onSend', async (request, reply) => {
      reply.header('x-correlation-id', request.id);
    });
  },
  { name: 'butterfly-correlation' },
);
