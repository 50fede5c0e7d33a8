import type { ServiceApp } from '../../../host/index.ts';
import { errorResponses } from '../../../kit/http/index.ts';
import type { PlanCatalog } from './plan-catalog.ts';
import type { PlanExecutor } from './plan-executor.ts';
import {
  executePlanSchema,
  newPlanSchema,
  planIdParams,
  planListQuery,
  planPageSchema,
  planSchema,
} from './plan-schemas.ts';

/** Plan endpoints: create, execute, read one, list. */
export async function planRoutes(
  app: ServiceApp,
  catalog: PlanCatalog,
  executor: PlanExecutor,
): Promise<void> {
  planWriteRoutes(app, catalog, executor);
  planReadRoutes(app, catalog);
}

function planWriteRoutes(app: ServiceApp, catalog: PlanCatalog, executor: PlanExecutor): void {
  app.post(
    '/api/v1/plans',
    {
      schema: {
        tags: ['plans'],
        summary: 'Create a plan (PENDING)',
        body: newPlanSchema,
        response: { 201: planSchema, ...errorResponses(400) },
      },
    },
    async (request, reply) => reply.code(201).send(await catalog.create(request.tenant, request.body)),
  );

  app.post(
    '/api/v1/plans/:id/execute',
    {
      schema: {
        tags: ['plans'],
        summary: 'Start executing a PENDING plan in the background',
        params: planIdParams,
        body: executePlanSchema,
        response: { 202: planSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await executor.start(request.tenant, request.params.id, request.body.mode, request.callContext),
        ),
  );
}

function planReadRoutes(app: ServiceApp, catalog: PlanCatalog): void {
  app.get(
    '/api/v1/plans/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'Read a plan and the progress of its steps',
        params: planIdParams,
        response: { 200: planSchema, ...errorResponses(404) },
      },
    },
    async (request) => catalog.get(request.tenant, request.params.id),
  );

  app.get(
    '/api/v1/plans',
    {
      schema: {
        tags: ['plans'],
        summary: "List the tenant's plans, newest first",
        querystring: planListQuery,
        response: { 200: planPageSchema, ...errorResponses(400) },
      },
    },
    async (request) =>
      catalog.list(
        request.tenant,
        { rimNodeId: request.query.rimNodeId, status: request.query.status },
        request.query,
      ),
  );
}
