import { join } from 'node:path';
import { Counter } from 'prom-client';
import { openSqlDatabase } from '../../engines/sql/index.ts';
import type { ServiceDefinition } from '../../kit/server/index.ts';
import { DurableOutbox, OutboxRelay } from '../../resilience/outbox/index.ts';
import { SqlActionLogStore } from './actions/sql-action-log-store.ts';
import { SynapseActions } from './actions/synapse-actions.ts';
import { SYNAPSE_MIGRATIONS } from './migrations.ts';
import { outboxHealth, registerOutboxGauges } from './outcomes/outbox-telemetry.ts';
import { outcomeDelivery } from './outcomes/outcome-delivery.ts';
import { OUTCOME_TOPIC, outcomeReportOf } from './outcomes/outcome-report.ts';
import { LocalRateLimit } from './rate-limit/index.ts';
import { synapseRoutes } from './routes.ts';
import { peerToolPorts, TOOLS } from './tools/index.ts';

/** SYNAPSE (`synapse-service`): runs actions with built-in tools, idempotently and rate-limited per tenant. */
export const synapseService: ServiceDefinition = {
  name: 'synapse',
  title: 'SYNAPSE',
  description:
    'Action execution: built-in tools run in DRY_RUN, SANDBOX or EXECUTE mode, idempotent by X-Idempotency-Key, rate-limited per tenant, with outcomes reported to PERCEPTION.',
  async register(app, context) {
    const { clock, config, log } = context;
    // Opened first so its onClose hook runs last (Fastify runs them in reverse).
    const db = await openSqlDatabase(context, SYNAPSE_MIGRATIONS, (hook) => app.addHook('onClose', hook));
    const store = new SqlActionLogStore(db);

    const outbox = new DurableOutbox(join(config.stateDir, config.service, 'outbox.sqlite'));
    app.addHook('onClose', async () => outbox.close());
    const relay = new OutboxRelay({
      outbox,
      topic: OUTCOME_TOPIC,
      clock,
      intervalMs: config.outboxIntervalMs,
      deliver: outcomeDelivery(context.peer('perception'), (entry, status, body) =>
        log.warn(
          { actionId: entry.key, tenant: entry.tenant, status, body },
          'PERCEPTION refused an outcome report; dropped',
        ),
      ),
      onFailure: (entry, error) =>
        log.warn({ actionId: entry.key, err: error }, 'outcome delivery to PERCEPTION failed; will retry'),
    });
    let closing = false;
    // Deliver a fresh outcome at once unless PERCEPTION is failing (then the relay's backoff decides).
    const kick = (): void => {
      if (closing || relay.stats().consecutiveFailures > 0) return;
      relay.drain().catch((error: unknown) => log.error({ err: error }, 'outcome outbox drain failed'));
    };

    const actionsTotal = new Counter({
      name: 'synapse_actions_total',
      help: 'Actions run, by tool, execution mode and outcome.',
      labelNames: ['tool', 'mode', 'outcome'] as const,
      registers: [context.metrics.registry],
    });
    const actions = new SynapseActions({
      store,
      tools: TOOLS,
      portsFor: (call) =>
        peerToolPorts({ capsule: context.peer('capsule'), plato: context.peer('plato') }, call),
      outcomes: {
        queue(tenant, correlationId, action) {
          const payload = outcomeReportOf(action);
          if (!payload) return;
          outbox.enqueue({
            topic: OUTCOME_TOPIC,
            key: action.actionId,
            payload,
            tenant,
            correlationId,
            now: clock.now(),
          });
          kick();
        },
      },
      clock,
      log,
      onCompleted: (action) =>
        actionsTotal.inc({ tool: action.toolId, mode: action.executionMode, outcome: action.outcomeStatus }),
    });
    const recovered = await actions.recover();
    if (recovered.interrupted + recovered.requeued > 0)
      log.warn(recovered, 'recovered actions interrupted by the last stop');

    relay.start();
    app.addHook('onClose', async () => {
      closing = true;
      await relay.stop();
    });
    const relays = { [OUTCOME_TOPIC]: relay };
    context.health.add(outboxHealth(relays));
    registerOutboxGauges(context.metrics.registry, relays);

    const rateLimit = new LocalRateLimit({ points: config.rateLimitPerMinute, windowSeconds: 60 });
    await synapseRoutes(app, actions, rateLimit, TOOLS);
  },
};
