import type { FastifyReply } from 'fastify';
import { RateLimitedError, type RateLimitState } from '../../kit/errors/index.ts';
import type { ServiceApp } from '../../host/index.ts';
import type { SynapseActions } from './actions/synapse-actions.ts';
import { errorResponses } from '../../kit/http/index.ts';
import type { RateLimit } from './rate-limit/index.ts';
import {
  actionHeadersSchema,
  actionIdParams,
  actionListQuery,
  actionPageSchema,
  actionRequestSchema,
  actionSchema,
  toolListSchema,
} from './schemas.ts';
import type { Tool } from './tools/index.ts';

/** SYNAPSE's API: run actions (rate-limited per tenant), read the action log, list the tools. */
export async function synapseRoutes(
  app: ServiceApp,
  actions: SynapseActions,
  rateLimit: RateLimit,
  tools: Readonly<Record<string, Tool<unknown>>>,
): Promise<void> {
  runActionRoute(app, actions, rateLimit);
  actionLogRoutes(app, actions);
  toolsRoute(app, tools);
}

function runActionRoute(app: ServiceApp, actions: SynapseActions, rateLimit: RateLimit): void {
  app.post(
    '/api/v1/actions',
    {
      schema: {
        tags: ['actions'],
        summary: 'Run an action with a built-in tool (idempotent with X-Idempotency-Key)',
        headers: actionHeadersSchema,
        body: actionRequestSchema,
        response: { 200: actionSchema, ...errorResponses(400, 409, 429) },
      },
      // Counted before the body is even parsed: a flood of bad requests is still a flood.
      onRequest: async (request, reply) => {
        const decision = await rateLimit.consume(request.tenant);
        setRateLimitHeaders(reply, decision.state);
        if (!decision.allowed) throw new RateLimitedError(decision.state);
      },
    },
    async (request, reply) => {
      const { body } = request;
      const { action, replayed } = await actions.submit(
        request.tenant,
        {
          toolId: body.toolId,
          parameters: body.parameters,
          executionMode: body.executionMode,
          planId: body.planId ?? null,
          rimNodeId: body.rimNodeId ?? null,
        },
        request.headers['x-idempotency-key'],
        request.callContext,
      );
      if (replayed) reply.header('x-idempotent-replayed', 'true');
      return action;
    },
  );
}

function actionLogRoutes(app: ServiceApp, actions: SynapseActions): void {
  app.get(
    '/api/v1/actions/:actionId',
    {
      schema: {
        tags: ['actions'],
        summary: 'Read one action',
        params: actionIdParams,
        response: { 200: actionSchema, ...errorResponses(404) },
      },
    },
    async (request) => actions.get(request.tenant, request.params.actionId),
  );

  app.get(
    '/api/v1/actions',
    {
      schema: {
        tags: ['actions'],
        summary: "List the tenant's actions, newest first",
        querystring: actionListQuery,
        response: { 200: actionPageSchema, ...errorResponses(400) },
      },
    },
    async (request) =>
      actions.list(
        request.tenant,
        { planId: request.query.planId, rimNodeId: request.query.rimNodeId },
        request.query,
      ),
  );
}

function toolsRoute(app: ServiceApp, tools: Readonly<Record<string, Tool<unknown>>>): void {
  app.get(
    '/api/v1/tools',
    { schema: { tags: ['actions'], summary: 'List the built-in tools', response: { 200: toolListSchema } } },
    async () => ({
      tools: Object.values(tools).map((tool) => ({
        toolId: tool.id,
        description: tool.description,
        needsRimNode: tool.needsRimNode,
      })),
    }),
  );
}

function setRateLimitHeaders(reply: FastifyReply, state: RateLimitState): void {
  reply.headers({
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(Math.ceil(state.resetSeconds)),
    'x-ratelimit-limiter': state.limiter,
  });
}
