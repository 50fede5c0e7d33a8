import type { EnginePort } from '../engines/index.ts';
import type { OutboxPort } from '../resilience/outbox/index.ts';
import type { ServiceApp, ServiceContext } from './service-context.ts';

/** The narrow port an engine client opens with: the service's settings, clock, log and health. */
export function enginePortOf(context: ServiceContext): EnginePort {
  return {
    settings: context.config,
    clock: context.clock,
    log: context.log,
    registerHealth: (indicator) => context.health.add(indicator),
  };
}

/** The port a service's outbox opens with, its lifecycle tied to the app's hooks. */
export function outboxPortOf(app: ServiceApp, context: ServiceContext): OutboxPort {
  return {
    settings: context.config,
    clock: context.clock,
    log: context.log,
    metricsRegistry: context.metrics.registry,
    registerHealth: (indicator) => context.health.add(indicator),
    lifecycle: {
      onReady: (hook) => app.addHook('onReady', hook),
      preClose: (hook) => app.addHook('preClose', hook),
      onClose: (hook) => app.addHook('onClose', hook),
    },
  };
}
