import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { openSqlDatabase } from '../../engines/index.ts';
import { backgroundCallContext } from '../../kit/http/index.ts';
import { enginePortOf, type ServiceDefinition } from '../../host/index.ts';
import { GovernanceEvaluator } from './governance/governance-evaluator.ts';
import { governanceRoutes } from './governance/governance-routes.ts';
import { PLATO_MIGRATIONS } from './migrations.ts';
import { peerSynapsePort } from './plans/peer-synapse-port.ts';
import { PlanCatalog } from './plans/plan-catalog.ts';
import { PlanExecutor } from './plans/plan-executor.ts';
import { planRoutes } from './plans/plan-routes.ts';
import { SqlPlanStore } from './plans/sql-plan-store.ts';
import { PolicyCache } from './policies/policy-cache.ts';
import { PolicyCatalog } from './policies/policy-catalog.ts';
import { policyRoutes } from './policies/policy-routes.ts';
import { SqlPolicyStore } from './policies/sql-policy-store.ts';

/** PLATO (`plato-service`): governance policies, evaluations and plans executed through SYNAPSE. */
export const platoService: ServiceDefinition = {
  name: 'plato',
  title: 'PLATO',
  description:
    'Governance: policies written in a small, safe rule language; evaluations of actions against them; plans whose steps are governed and executed through SYNAPSE.',
  async register(app, context) {
    const { clock, config, log } = context;
    // Opened first so its onClose hook runs last (Fastify runs them in reverse), after the executor and cache stop.
    const db = await openSqlDatabase(enginePortOf(context), PLATO_MIGRATIONS, (hook) =>
      app.addHook('onClose', hook),
    );

    const policyStore = new SqlPolicyStore(db);
    const cache = new PolicyCache({
      load: (tenant) => policyStore.all(tenant),
      clock,
      refreshIntervalMs: config.cacheTtlMs,
      maxStalenessMs: config.policyMaxStalenessMs,
      onProblem: ({ tenant, message, error }) => log.warn({ tenant, err: error }, message),
    });
    const governance = new GovernanceEvaluator(cache, clock);
    const policies = new PolicyCatalog({
      store: policyStore,
      cache,
      clock,
      onCacheRefreshFailed: (tenant, error) =>
        log.warn({ tenant, err: error }, 'policy stored but the cache could not be refreshed'),
    });

    const planStore = new SqlPlanStore(db);
    const plans = new PlanCatalog(planStore, clock);
    const executor = new PlanExecutor({
      store: planStore,
      governance,
      synapse: peerSynapsePort(context.peer('synapse')),
      clock,
      log,
    });

    context.health.add({
      name: 'policyCache',
      readiness: false,
      check: async () => ({ status: 'UP', details: cache.stats() }),
    });
    cache.start();
    // Warm before traffic arrives, so evaluations survive a store outage right after a restart.
    app.addHook('onReady', () => warmAndResume({ policyStore, cache, executor, log }));
    app.addHook('onClose', async () => {
      await executor.stop();
      await cache.stop();
    });

    await policyRoutes(app, policies);
    await governanceRoutes(app, governance);
    await planRoutes(app, plans, executor);
  },
};

/** Warms the policy cache for every tenant and resumes the plans the last stop interrupted. */
async function warmAndResume(parts: {
  policyStore: SqlPolicyStore;
  cache: PolicyCache;
  executor: PlanExecutor;
  log: FastifyBaseLogger;
}): Promise<void> {
  const { policyStore, cache, executor, log } = parts;
  const tenants = await policyStore.tenants().catch((error: unknown) => {
    log.warn({ err: error }, 'could not list tenants to warm the policy cache');
    return [];
  });
  const warmed = await cache.warm(tenants);
  if (tenants.length > 0) log.info({ warmed, tenants: tenants.length }, 'policy cache warmed');
  const resumed = await executor.resumeInterrupted((tenant) => backgroundCallContext(tenant, randomUUID()));
  if (resumed > 0) log.info({ resumed }, 'resumed plans interrupted by the last stop');
}
