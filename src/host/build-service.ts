import './fastify-types.ts';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ServiceConfig } from '../kit/config/index.ts';
import { HealthRegistry } from '../kit/health/index.ts';
import { correlationIdFrom } from '../kit/http/index.ts';
import { systemClock, type Clock } from '../kit/time/index.ts';
import { BreakerRegistry } from '../resilience/breaker/index.ts';
import { actuator } from './actuator/index.ts';
import { Authenticator, authentication } from './auth/index.ts';
import { callContext } from './call-context.ts';
import { correlation } from './correlation.ts';
import { clientErrorReply, errorEnvelope, frameworkErrorReply } from './error-envelope/index.ts';
import { createServiceMetrics, httpMetrics } from './metrics/index.ts';
import { openApi } from './openapi.ts';
import { peerClients } from './peer-clients.ts';
import type { ServiceApp, ServiceContext, ServiceDefinition } from './service-context.ts';
import { shutdownGate, type ShutdownState } from './shutdown-gate.ts';
import { strictBody } from './strict-body.ts';
import { tenancy } from './tenancy.ts';

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
 * Builds a service from its definition: the host's plugins (shutdown gate, authentication,
 * tenancy, call context, correlation, metrics, error envelope, strict JSON body parser), the OpenAPI document, the
 * actuator, then the service itself as an encapsulated plugin.
 */
export async function buildService(
  definition: ServiceDefinition,
  config: ServiceConfig,
  options: BuildOptions = {},
): Promise<BuiltService> {
  const authenticator = await Authenticator.create(config.auth);
  const app = createApp(definition, config, options);
  const context = createContext(definition, config, options.clock ?? systemClock, app.log);
  const state: ShutdownState = { closing: false };

  // onRequest hooks run in this order: the gate refuses first, the call context comes last.
  await app.register(shutdownGate, { state });
  await app.register(authentication, { authenticator });
  await app.register(tenancy);
  await app.register(callContext);
  await app.register(correlation);
  await app.register(httpMetrics, { metrics: context.metrics });
  await app.register(errorEnvelope);
  await app.register(strictBody, { bodyLimitBytes: config.bodyLimitBytes });
  await app.register(openApi, { ...definition, authOn: config.auth.mode === 'on' });
  await app.register(actuator, {
    health: context.health,
    breakers: context.breakers,
    metrics: context.metrics.registry,
    info: { name: config.service, title: definition.title, profile: config.profile, clock: context.clock },
  });
  await app.register(async (scope) => definition.register(scope, context));

  return { app, context, beginShutdown: () => void (state.closing = true) };
}

function createApp(definition: ServiceDefinition, config: ServiceConfig, options: BuildOptions): ServiceApp {
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
    // What Node's parser and Fastify's router refuse before any hook wears the envelope too.
    frameworkErrors: frameworkErrorReply,
    clientErrorHandler: clientErrorReply,
    // The service's plugin opens its stores (PGlite, migrations, Cassandra schema agreement),
    // each bounded by its own engine timeouts; a plugin deadline on top would cut a slow start.
    pluginTimeout: 0,
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  return app;
}

function createContext(
  definition: ServiceDefinition,
  config: ServiceConfig,
  clock: Clock,
  log: FastifyBaseLogger,
): ServiceContext {
  const breakers = new BreakerRegistry(
    config.breaker,
    (name, state) => log.warn({ breaker: name, state }, `circuit breaker ${name} is now ${state}`),
    clock,
  );
  const health = new HealthRegistry(config.healthTimeoutMs);
  const metrics = createServiceMetrics(definition.name, breakers);
  return { config, health, breakers, metrics, clock, log, peer: peerClients(config, breakers) };
}
