import fastifyPlugin from 'fastify-plugin';
import { tenantFromHeader } from '../kit/tenancy/index.ts';
import { explicitTenantOf } from './auth/index.ts';

/**
 * The tenant a request acts for: the `X-Tenant-ID` header, else the tenant its credentials are
 * bound to, else `default`. Every log line of the request carries it. Runs after authentication.
 */
export const tenancy = fastifyPlugin(
  async (app) => {
    app.decorateRequest('tenant', '');
    app.addHook('onRequest', async (request, reply) => {
      const requested = tenantFromHeader(request.headers['x-tenant-id']);
      request.tenant = explicitTenantOf(request) ?? request.principal.tenant ?? requested;
      request.log = request.log.child({ tenant: request.tenant });
      // Fastify logs the request's completion through the reply's logger.
      reply.log = request.log;
    });
  },
  { name: 'butterfly-tenancy', dependencies: ['butterfly-authentication'] },
);
