import fastifyPlugin from 'fastify-plugin';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { BUTTERFLY_VERSION } from '../kit/platform/index.ts';
import { withErrorAnswers, type RouteFacts } from './openapi-answers.ts';

/** What the OpenAPI document says about the service. */
export interface OpenApiOptions {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** Whether the service runs with auth on: security is declared only then. */
  readonly authOn: boolean;
}

/**
 * The OpenAPI 3 document of every route, generated from the routes' zod schemas and served at
 * `/v3/api-docs`, with every error status each operation can answer (the envelope schema) and,
 * when auth is on, JWT bearer and API key as its security schemes.
 */
export const openApi = fastifyPlugin<OpenApiOptions>(
  async (app, options) => {
    const facts = new Map<string, RouteFacts>();
    app.addHook('onRoute', (route) => {
      const methods = typeof route.method === 'string' ? [route.method] : route.method;
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const known: RouteFacts = { access: route.config?.access ?? 'user' };
      for (const method of methods) facts.set(`${method.toUpperCase()} ${path}`, known);
    });
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: `${options.title} (${options.name})`,
          description: options.description,
          version: BUTTERFLY_VERSION,
        },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
            apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          },
        },
        security: [{ bearer: [] }, { apiKey: [] }],
      },
      transform: jsonSchemaTransform,
    });
    let document: unknown;
    app.get('/v3/api-docs', { config: { access: 'public' }, schema: { hide: true } }, async () => {
      // The routes are all known once the app is ready; the document is built once.
      document ??= withErrorAnswers(
        structuredClone(app.swagger()) as Parameters<typeof withErrorAnswers>[0],
        (method, path) => facts.get(`${method} ${path}`) ?? { access: 'user' },
        options.authOn,
      );
      return document;
    });
  },
  { name: 'butterfly-openapi' },
);
