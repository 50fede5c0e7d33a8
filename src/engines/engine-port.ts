import type { ServiceConfig } from '../kit/config/index.ts';
import type { HealthIndicator } from '../kit/health/index.ts';
import type { Clock } from '../kit/time/index.ts';

/** The settings an engine client reads: which service it serves, its profile, where the engines are. */
export type EngineSettings = Pick<
  ServiceConfig,
  'service' | 'profile' | 'stateDir' | 'healthTimeoutMs' | 'engines'
>;

/** The log lines an engine client writes (a pino or Fastify logger fits). */
export interface EngineLog {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/**
 * What an engine client needs from the service that opens it, and nothing more: its settings,
 * the clock, a logger and a way to register its health component. The host builds one from its
 * service context; a test builds one by hand.
 */
export interface EnginePort {
  readonly settings: EngineSettings;
  readonly clock: Clock;
  readonly log: EngineLog;
  /** Adds the engine's component to the service's health (`db`, `cassandra`, `redis`). */
  registerHealth(indicator: HealthIndicator): void;
}
