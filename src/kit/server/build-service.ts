import './fastify-types.ts';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyRequest } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { BreakerRegistry } from '../../resilience/breaker/index.ts';
import { circuitBreakerHealth, circuitBreakerRoutes, healthRoutes, infoRoutes } from '../actuator/index.ts';
import { Authenticator, UNAUTHENTICATED, authorize, type Principal } from '../auth/index.ts';
import type { ServiceConfig } from '../config/index.ts';
import { ServiceUnavailableError } from '../errors/index.ts';
import { HealthRegistry } from '../health/index.ts';
import { childTraceparent, isTraceparent, type CallContext } from '../http/call-context.ts';
import { correlationIdFrom } from '../http/correlation.ts';
import { createServiceMetrics } from '../metrics/index.ts';
import { tenantFromHeader } from '../tenancy/tenant.ts';
import { systemClock, type Clock } from '../time/index.ts';
import { BUTTERFLY_VERSION } from '../platform/index.ts';
import type { ServiceName } from '../platform/index.ts';
import { PeerClient } from '../../resilience/peer/index.ts';
import { toErrorReply } from './error-envelope.ts';
import type { ServiceApp, ServiceContext, ServiceDefinition } from './service-context.ts';

/** Options that tests and the CLI set; production uses the defaults. */
export interface BuildOptions {
  clock?: Clock;
  /** A pino logger instance or destination override, e.g. to capture logs in a test. */
  loggerStream?: NodeJS.WritableStream;
}

/** A built service, not yet listening: `app.inject()` drives it in tests. */
export interface BuiltService {
  app: ServiceApp;
  context: ServiceContext;
  /** Marks the service as closing: new requests get 503 while in-flight ones finish. */
  beginShutdown(): void;
}

/**
 * Builds a service from its definition: the kit's hooks (correlation, tenancy, auth, metrics,
 * error envelope), the actuator endpoints, the OpenAPI document, then the service's own routes.
 */
export async function buildService(
  definition: ServiceDefinition,
  config: ServiceConfig,
  options: BuildOptions = {},
): Promise<BuiltService> {
  const authenticator = await Authenticator.create(config.auth);
  const fastify = Fastify({
    logger: {
      level: config.logLevel,
      base: { service: definition.name },
      // Credentials never reach the logs, whatever a serializer is later changed to include.
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.authorization', '*.apiKey'],
      ...(options.loggerStream ? { stream: options.loggerStream } : {}),
    },
    genReqId: (request) => correlationIdFrom(request.headers['x-correlation-id']),
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: false,
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const clock = options.clock ?? systemClock;
  const log: FastifyBaseLogger = app.log;
  const breakers = new BreakerRegistry(
    config.breaker,
    (name, state) => log.warn({ breaker: name, state }, `circuit breaker ${name} is now ${state}`),
    clock,
  );
  const health = new HealthRegistry(config.healthTimeoutMs);
  const metrics = createServiceMetrics(definition.name, breakers);
  const peers = new Map<ServiceName, PeerClient>();
  const peer = (target: ServiceName): PeerClient => {
    let client = peers.get(target);
    if (!client) {
      client = new PeerClient(
        {
          target,
          baseUrl: config.peers[target],
          timeoutMs: config.peerTimeoutMs,
          retry: config.peerRetry,
          ...(config.peerSourceAddress ? { sourceAddress: config.peerSourceAddress } : {}),
          ...(config.auth.peerApiKey ? { serviceApiKey: config.auth.peerApiKey } : {}),
        },
        breakers,
      );
      peers.set(target, client);
    }
    return client;
  };
  const context: ServiceContext = { config, health, breakers, metrics, clock, log, peer };
  health.add({ name: 'ping', readiness: false, check: async () => ({ status: 'UP' }) });
  health.add(circuitBreakerHealth(breakers));

  let closing = false;
  app.decorateRequest('tenant', '');
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('callContext', null as unknown as CallContext);

  app.addHook('onRequest', async (request, reply) => {
    if (closing) throw new ServiceUnavailableError('the service is shutting down', 1);
    const access = request.routeOptions.config.access ?? 'user';
    const requestedTenant = tenantFromHeader(request.headers['x-tenant-id']);
    const explicitTenant = request.headers['x-tenant-id'] ? requestedTenant : undefined;
    if (access === 'public' && authenticator.enabled) {
      request.principal = UNAUTHENTICATED;
    } else {
      request.principal = await authenticator.authenticate({
        authorization: request.headers.authorization,
        apiKey: header(request, 'x-api-key'),
      });
      authorize(request.principal, access, explicitTenant);
    }
    request.tenant = explicitTenant ?? request.principal.tenant ?? requestedTenant;
    request.callContext = callContextOf(request);
    request.log = request.log.child({ tenant: request.tenant });
    // Fastify logs the request's completion through the reply's logger.
    reply.log = request.log;
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
    // While draining, a kept-alive connection would hold shutdown open until its idle timeout.
    if (closing) reply.header('connection', 'close');
  });

  app.addHook('onResponse', async (request, reply) => {
    const uri = request.routeOptions.url ?? 'NOT_FOUND';
    metrics.httpRequests.observe(
      { method: request.method, uri, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler(async (error, request, reply) => {
    const answer = toErrorReply(error, request.id);
    if (answer.unexpected) request.log.error({ err: error }, 'unexpected error');
    else if (answer.status >= 500)
      request.log.warn({ code: answer.envelope.error.code }, answer.envelope.error.message);
    return reply.code(answer.status).headers(answer.headers).send(answer.envelope);
  });

  app.setNotFoundHandler(async (request, reply) => {
    return reply.code(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `no route for ${request.method} ${request.url.split('?')[0]}`,
        details: {},
      },
      correlationId: request.id,
    });
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: `${definition.title} (${definition.name})`,
        description: definition.description,
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
  await healthRoutes(app, health);
  await infoRoutes(app, context, definition.title);
  await circuitBreakerRoutes(app, breakers);
  await definition.register(app, context);

  return {
    app,
    context,
    beginShutdown: () => {
      closing = true;
    },
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function callContextOf(request: FastifyRequest): CallContext {
  const incoming = request.headers.traceparent;
  const authorization = request.headers.authorization;
  const apiKey = header(request, 'x-api-key');
  return {
    tenant: request.tenant,
    correlationId: request.id,
    traceparent: childTraceparent(isTraceparent(incoming) ? incoming : undefined),
    ...(authorization ? { authorization } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
