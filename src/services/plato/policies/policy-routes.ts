import type { ServiceApp } from '../../../host/index.ts';
import { errorResponses } from '../../../kit/http/index.ts';
import type { PolicyCatalog } from './policy-catalog.ts';
import {
  newPolicySchema,
  policyIdParams,
  policyListQuery,
  policyPageSchema,
  policySchema,
} from './policy-schemas.ts';

/** Policy endpoints: create, read one, list. */
export async function policyRoutes(app: ServiceApp, catalog: PolicyCatalog): Promise<void> {
  app.post(
    '/api/v1/policies',
    {
      schema: {
        tags: ['policies'],
        summary: 'Create a governance policy',
        body: newPolicySchema,
        response: { 201: policySchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await catalog.create(request.tenant, request.body)),
  );

  app.get(
    '/api/v1/policies/:id',
    {
      schema: {
        tags: ['policies'],
        summary: 'Read one policy',
        params: policyIdParams,
        response: { 200: policySchema, ...errorResponses(404) },
      },
    },
    async (request) => catalog.get(request.tenant, request.params.id),
  );

  app.get(
    '/api/v1/governance/policies',
    {
      schema: {
        tags: ['policies'],
        summary: "List the tenant's policies, newest first",
        querystring: policyListQuery,
        response: { 200: policyPageSchema, ...errorResponses(400) },
      },
    },
    async (request) => catalog.list(request.tenant, request.query.namespace, request.query),
  );
}
