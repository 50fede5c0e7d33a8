import { Counter } from 'prom-client';
import { openSqlDatabase } from '../../engines/sql/index.ts';
import type { ServiceDefinition } from '../../kit/server/index.ts';
import { openServiceOutbox } from '../../resilience/outbox/index.ts';
import { SqlActionLogStore } from './actions/sql-action-log-store.ts';
import { SynapseActions } from './actions/synapse-actions.ts';
import { SYNAPSE_MIGRATIONS } from './migrations.ts';
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

    const { outbox, relay } = openServiceOutbox(app, context, {
      topic: OUTCOME_TOPIC,
      deliver: outcomeDelivery(context.peer('perception'), (entry, status, body) =>
        log.warn(
          { actionId: entry.key, tenant: entry.tenant, status, body },
          'PERCEPTION refused an outcome report; dropped',
        ),
      ),
      failureMessage: 'outcome delivery to PERCEPTION failed; will retry',
    });

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
          // Deliver a fresh outcome at once (the relay ignores this while PERCEPTION is failing).
          relay.nudge();
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

    const rateLimit = new LocalRateLimit({ points: config.rateLimitPerMinute, windowSeconds: 60 });
    await synapseRoutes(app, actions, rateLimit, TOOLS);
  },
};
