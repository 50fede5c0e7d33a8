import fastifyPlugin from 'fastify-plugin';
import type { ServiceMetrics } from './service-metrics.ts';

/** Records every answer in `http_server_requests_seconds` by method, route template and status. */
export const httpMetrics = fastifyPlugin<{ metrics: ServiceMetrics }>(
  async (app, { metrics }) => {
    app.addHook('onResponse', async (request, reply) => {
      const uri = request.routeOptions.url ?? 'NOT_FOUND';
      metrics.httpRequests.observe(
        { method: request.method, uri, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  },
  { name: 'butterfly-http-metrics' },
);
