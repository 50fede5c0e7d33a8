import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Counter } from 'prom-client';
import { openCassandra } from '../../engines/cassandra/index.ts';
import { openSqlDatabase } from '../../engines/index.ts';
import {
  enginePortOf,
  outboxPortOf,
  type ServiceApp,
  type ServiceContext,
  type ServiceDefinition,
} from '../../host/index.ts';
import { openServiceOutbox, relayOf } from '../../resilience/outbox/index.ts';
import type { ActionLogStore } from './actions/action-log-store.ts';
import { ACTION_LOG_TABLES } from './actions/cassandra-action-log-statements.ts';
import { CassandraActionLogStore } from './actions/cassandra-action-log-store.ts';
import { SqlActionLogStore } from './actions/sql-action-log-store.ts';
import { SynapseActions } from './actions/synapse-actions.ts';
import { SYNAPSE_MIGRATIONS } from './migrations.ts';
import { outcomeDelivery } from './outcomes/outcome-delivery.ts';
import { OUTCOME_TOPIC, outcomeReportOf } from './outcomes/outcome-report.ts';
import { createRateLimit } from './rate-limit/index.ts';
import { synapseRoutes } from './routes.ts';
import { peerToolPorts, TOOLS } from './tools/index.ts';

/** SYNAPSE (`synapse-service`): runs actions with built-in tools, idempotently and rate-limited per tenant. */
export const synapseService: ServiceDefinition = {
  name: 'synapse',
  title: 'SYNAPSE',
  description:
    'Action execution: built-in tools run in DRY_RUN, SANDBOX or EXECUTE mode, idempotent by X-Idempotency-Key, rate-limited per tenant, with outcomes reported to PERCEPTION.',
  async register(app, context) {
    const { clock, log } = context;
    // Opened first so its onClose hook runs last (Fastify runs them in reverse).
    const store = await openActionLogStore(app, context);

    const { outbox, relays } = openServiceOutbox(outboxPortOf(app, context), [
      {
        topic: OUTCOME_TOPIC,
        deliver: outcomeDelivery(context.peer('perception'), (entry, status, body) =>
          log.warn(
            { actionId: entry.key, tenant: entry.tenant, status, body },
            'PERCEPTION refused an outcome report; dropped',
          ),
        ),
        failureMessage: 'outcome delivery to PERCEPTION failed; will retry',
      },
    ]);
    const relay = relayOf(relays, OUTCOME_TOPIC);

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

    const rateLimit = createRateLimit(context, (hook) => app.addHook('onClose', hook));
    await synapseRoutes(app, actions, rateLimit, TOOLS);
  },
};

/**
 * The action log for the profile: PGlite in the embedded profile; Cassandra, the runbook's engine
 * for SYNAPSE's action log, in the local (and Kubernetes) profile. Its recovery markers belong to
 * this instance's durable state: the host and the state directory, where its outbox also lives,
 * so a restarted instance finds its own markers and never ends another instance's actions.
 */
async function openActionLogStore(app: ServiceApp, context: ServiceContext): Promise<ActionLogStore> {
  const onClose = (hook: () => Promise<void>) => app.addHook('onClose', hook);
  const { config } = context;
  if (config.profile === 'embedded') {
    return new SqlActionLogStore(await openSqlDatabase(enginePortOf(context), SYNAPSE_MIGRATIONS, onClose));
  }
  const owner = `${hostname()}:${join(resolve(config.stateDir), config.service)}`;
  return new CassandraActionLogStore(
    await openCassandra(enginePortOf(context), ACTION_LOG_TABLES, onClose),
    owner,
  );
}
