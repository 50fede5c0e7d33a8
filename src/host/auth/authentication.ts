import fastifyPlugin from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { tenantFromHeader } from '../../kit/tenancy/index.ts';
import type { Authenticator } from './authenticator.ts';
import { authorize } from './authorize.ts';
import { UNAUTHENTICATED, type Principal } from './principal.ts';

/**
 * Authenticates every request unless its route is `public` (with auth off, only allowed on
 * loopback, the caller is trusted), then checks the route's access level and that credentials
 * bound to a tenant match the `X-Tenant-ID` header.
 */
export const authentication = fastifyPlugin<{ authenticator: Authenticator }>(
  async (app, { authenticator }) => {
    app.decorateRequest('principal', null as unknown as Principal);
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access ?? 'user';
      // A malformed X-Tenant-ID is a 400 before anything else is judged.
      const explicitTenant = explicitTenantOf(request);
      if (access === 'public' && authenticator.enabled) {
        request.principal = UNAUTHENTICATED;
        return;
      }
      request.principal = await authenticator.authenticate({
        authorization: request.headers.authorization,
        apiKey: headerText(request, 'x-api-key'),
      });
      authorize(request.principal, access, explicitTenant);
    });
  },
  { name: 'butterfly-authentication' },
);

/** The tenant the request names in `X-Tenant-ID`, or undefined when it names none. */
export function explicitTenantOf(request: FastifyRequest): string | undefined {
  const requested = tenantFromHeader(request.headers['x-tenant-id']);
  return request.headers['x-tenant-id'] ? requested : undefined;
}

/** A header's value when it is sent once. */
export function headerText(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
