import fastifyPlugin from 'fastify-plugin';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { BUTTERFLY_VERSION } from '../kit/platform/index.ts';

/** What the OpenAPI document says about the service. */
export interface OpenApiOptions {
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

/**
 * The OpenAPI 3 document of every route, generated from the routes' zod schemas and served at
 * `/v3/api-docs`; JWT bearer and API key are its security schemes.
 */
export const openApi = fastifyPlugin<OpenApiOptions>(
  async (app, options) => {
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
    app.get('/v3/api-docs', { config: { access: 'public' }, schema: { hide: true } }, async () =>
      app.swagger(),
    );
  },
  { name: 'butterfly-openapi' },
);
