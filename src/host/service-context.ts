import type { FastifyBaseLogger, FastifyInstance, FastifyTypeProviderDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { BreakerRegistry } from '../resilience/breaker/index.ts';
import type { ServiceConfig } from '../kit/config/index.ts';
import type { HealthRegistry } from '../kit/health/index.ts';
import type { ServiceMetrics } from './metrics/index.ts';
import type { Clock } from '../kit/time/index.ts';
import type { ServiceName } from '../kit/platform/index.ts';
import type { PeerClient } from '../resilience/peer/index.ts';

/** The Fastify instance a service registers its routes on, typed by its zod schemas. */
export type ServiceApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A plain Fastify instance, before the type provider is applied. */
export type PlainApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  FastifyTypeProviderDefault
>;

/** What the host hands every service: its config and the shared, per-instance registries. */
export interface ServiceContext {
  readonly config: ServiceConfig;
  readonly health: HealthRegistry;
  readonly breakers: BreakerRegistry;
  readonly metrics: ServiceMetrics;
  readonly clock: Clock;
  readonly log: FastifyBaseLogger;
  /** The client for calls to a peer service (one per peer, breaker `<peer>-client`). */
  peer(target: ServiceName): PeerClient;
}

/** A service: its name and a plugin that opens its stores and registers routes and indicators. */
export interface ServiceDefinition {
  readonly name: ServiceName;
  readonly title: string;
  readonly description: string;
  /** Registers routes, health indicators and peers; closes what it opened in an onClose hook. */
  register(app: ServiceApp, context: ServiceContext): Promise<void>;
}
