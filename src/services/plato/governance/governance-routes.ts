import type { ServiceApp } from '../../../host/index.ts';
import { errorResponses } from '../../../kit/http/index.ts';
import type { Governance } from './governance-evaluator.ts';
import { evaluationRequestSchema, evaluationSchema } from './governance-schemas.ts';

/** `POST /api/v1/governance/evaluate`: the decision for one action on one RIM node. */
export async function governanceRoutes(app: ServiceApp, governance: Governance): Promise<void> {
  app.post(
    '/api/v1/governance/evaluate',
    {
      schema: {
        tags: ['governance'],
        summary: "Evaluate an action against the tenant's policies",
        body: evaluationRequestSchema,
        response: { 200: evaluationSchema, ...errorResponses(400, 503) },
      },
    },
    async (request) => governance.evaluate(request.tenant, request.body),
  );
}
