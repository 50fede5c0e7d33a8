import { NotFoundError } from '../../kit/errors/index.ts';
import { toPage } from '../../kit/http/index.ts';
import type { ServiceApp } from '../../host/index.ts';
import type { EntityProjection } from './entity-projection.ts';
import type { ObservationStore } from './observation-store.ts';
import {
  announcementReceiptSchema,
  announcementSchema,
  entitiesQuerySchema,
  entityParamsSchema,
  entityStateSchema,
  observationPageSchema,
  orchestrateBodySchema,
  orchestrationSchema,
} from './schemas.ts';
import type { ScopeOrchestrator } from './scope-orchestrator.ts';

/** What ODYSSEY's routes call. */
export interface OdysseyRouteDependencies {
  projection: EntityProjection;
  observations: ObservationStore;
  orchestrator: ScopeOrchestrator;
}

/** ODYSSEY's HTTP API: announcements in, entities and orchestrated reads out. */
export async function odysseyRoutes(app: ServiceApp, deps: OdysseyRouteDependencies): Promise<void> {
  announcementRoute(app, deps);
  entityRoutes(app, deps);
  orchestrateRoute(app, deps);
}

function announcementRoute(app: ServiceApp, deps: OdysseyRouteDependencies): void {
  app.post(
    '/api/v1/capsule/announcements',
    {
      schema: {
        tags: ['capsule'],
        summary: 'Incorporate a stored capsule (sent by CAPSULE; idempotent by tenant and capsuleId)',
        body: announcementSchema,
        response: { 202: announcementReceiptSchema },
      },
    },
    async (request, reply) => {
      const { duplicate } = await deps.projection.incorporate(request.tenant, request.body);
      return reply.code(202).send({ capsuleId: request.body.capsuleId, accepted: true, duplicate });
    },
  );
}

function entityRoutes(app: ServiceApp, deps: OdysseyRouteDependencies): void {
  app.get(
    '/api/v1/entities',
    {
      schema: {
        tags: ['entities'],
        summary:
          "An entity's observations, one per incorporated capsule, newest first (empty for an unknown entity)",
        querystring: entitiesQuerySchema,
        response: { 200: observationPageSchema },
      },
    },
    async (request) => {
      const { entityId, page, limit } = request.query;
      const slice = await deps.observations.list(request.tenant, entityId, page * limit, limit);
      return toPage(slice.observations, slice.total, page, limit);
    },
  );

  app.get(
    '/api/v1/entities/:entityId/state',
    {
      schema: {
        tags: ['entities'],
        summary: "An entity's state: observation count, first and last observation, latest capsule",
        params: entityParamsSchema,
        response: { 200: entityStateSchema },
      },
    },
    async (request) => {
      const state = await deps.observations.state(request.tenant, request.params.entityId);
      if (!state) throw new NotFoundError('entity', request.params.entityId);
      return state;
    },
  );
}

function orchestrateRoute(app: ServiceApp, deps: OdysseyRouteDependencies): void {
  app.post(
    '/api/v1/capsule/orchestrate',
    {
      schema: {
        tags: ['capsule'],
        summary: "A scope's latest capsules (live from CAPSULE) with its entity state",
        description:
          'When CAPSULE is unreachable the last live answer is served with degraded: true, source: CACHE, cacheAgeSeconds and the header X-Butterfly-Degraded: capsule-unreachable; with nothing cached the answer is 503.',
        body: orchestrateBodySchema,
        response: { 200: orchestrationSchema },
      },
    },
    async (request, reply) => {
      const answer = await deps.orchestrator.read(request.tenant, request.body.scopeId, request.callContext);
      if (answer.degraded) reply.header('x-butterfly-degraded', 'capsule-unreachable');
      return answer;
    },
  );
}
