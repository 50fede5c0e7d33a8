import { openSqlDatabase } from '../../engines/index.ts';
import { enginePortOf, type ServiceDefinition } from '../../host/index.ts';
import { CapsuleCache } from './capsule-cache.ts';
import { CapsuleReader } from './capsule-reader.ts';
import { EntityProjection } from './entity-projection.ts';
import { ODYSSEY_MIGRATIONS } from './migrations.ts';
import { odysseyRoutes } from './routes.ts';
import { ScopeOrchestrator } from './scope-orchestrator.ts';
import { SqlObservationStore } from './sql-observation-store.ts';

export type { EntityState, Observation, ObservationStore } from './observation-store.ts';

/** ODYSSEY (`odyssey-core`): the entity world-model projected from CAPSULE's capsules. */
export const odysseyService: ServiceDefinition = {
  name: 'odyssey',
  title: 'ODYSSEY',
  description:
    'The entity world-model projected from capsules, and orchestrated reads of a scope across CAPSULE and ODYSSEY.',
  async register(app, context) {
    const db = await openSqlDatabase(enginePortOf(context), ODYSSEY_MIGRATIONS, (hook) =>
      app.addHook('onClose', hook),
    );
    const observations = new SqlObservationStore(db);
    // Created now so the `capsule-client` breaker is listed (and can be forced) before the first call.
    const capsule = context.peer('capsule');
    const orchestrator = new ScopeOrchestrator({
      capsules: new CapsuleReader(capsule),
      cache: new CapsuleCache(),
      observations,
      clock: context.clock,
      onDegraded: (reason) => context.metrics.degraded.inc({ reason }),
    });
    await odysseyRoutes(app, {
      projection: new EntityProjection(observations, context.clock),
      observations,
      orchestrator,
    });
  },
};
