import fastifyPlugin from 'fastify-plugin';
import {
  AUTH_OFF_PRINCIPAL,
  authorize,
  headerText,
  type Authenticator,
  type Principal,
} from '../host/auth/index.ts';

// The route's `config.access` is declared with the services' (src/host/fastify-types.ts).

/**
 * The console's gate. On a loopback listen address the operator at the keyboard is trusted (as
 * the services trust loopback with auth off); on any other address every request but the page's
 * static assets needs the services' JWT or API key, and platform changes need the admin role.
 */
export const consoleAuth = fastifyPlugin<{ authenticator: Authenticator | undefined }>(
  async (app, { authenticator }) => {
    app.decorateRequest('principal', null as unknown as Principal);
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access ?? 'user';
      if (access === 'public') return;
      const principal = authenticator
        ? await authenticator.authenticate({
            authorization: request.headers.authorization,
            apiKey: headerText(request, 'x-api-key'),
          })
        : AUTH_OFF_PRINCIPAL;
      authorize(principal, access, undefined);
      request.principal = principal;
    });
  },
  { name: 'butterfly-console-auth' },
);
