import { errorResponses } from '../../kit/http/index.ts';
import type { ServiceApp } from '../../host/index.ts';
import type { NodeState } from './node-state.ts';
import type { Perception } from './perception.ts';
import type { Signal } from './perception-store.ts';
import {
  nodeStateViewSchema,
  outcomeAcceptedSchema,
  outcomeBodySchema,
  signalAcceptedSchema,
  signalBodySchema,
  signalListQuerySchema,
  signalPageSchema,
  signalParamsSchema,
  signalViewSchema,
  stateParamsSchema,
} from './schemas.ts';

const tags = ['perception'];

/** PERCEPTION's API: signals in, RIM node state out, outcomes from SYNAPSE. */
export async function perceptionRoutes(app: ServiceApp, perception: Perception): Promise<void> {
  signalRoutes(app, perception);
  stateRoute(app, perception);
  outcomeRoute(app, perception);
}

function signalRoutes(app: ServiceApp, perception: Perception): void {
  app.post(
    '/api/v1/signals',
    {
      schema: {
        tags,
        summary: 'Accept a signal about a RIM node; its capsule is created in CAPSULE shortly after',
        body: signalBodySchema,
        response: { 202: signalAcceptedSchema },
      },
    },
    async (request, reply) => {
      const signal = await perception.acceptSignal(request.tenant, request.body, request.id);
      return reply.code(202).send({
        signalId: signal.signalId,
        rimNodeId: signal.rimNodeId,
        status: 'ACCEPTED' as const,
        receivedAt: iso(signal.receivedAt),
      });
    },
  );

  app.get(
    '/api/v1/signals',
    {
      schema: {
        tags,
        summary: "The tenant's signals, newest first, optionally of one RIM node",
        querystring: signalListQuerySchema,
        response: { 200: signalPageSchema },
      },
    },
    async (request) => {
      const page = await perception.listSignals(request.tenant, request.query);
      return { ...page, content: page.content.map(signalView) };
    },
  );

  app.get(
    '/api/v1/signals/:signalId',
    {
      schema: {
        tags,
        summary: 'One signal, with the capsule created for it (null until CAPSULE confirmed it)',
        params: signalParamsSchema,
        response: { 200: signalViewSchema },
      },
    },
    async (request) => signalView(await perception.signal(request.tenant, request.params.signalId)),
  );
}

function stateRoute(app: ServiceApp, perception: Perception): void {
  app.get(
    '/api/v1/state/:rimNodeId',
    {
      schema: {
        tags,
        summary: "A RIM node's state: OBSERVED after a signal, ACTIVE once an outcome followed it",
        params: stateParamsSchema,
        response: { 200: nodeStateViewSchema },
      },
    },
    async (request) => stateView(await perception.state(request.tenant, request.params.rimNodeId)),
  );
}

function outcomeRoute(app: ServiceApp, perception: Perception): void {
  app.post(
    '/api/v1/outcomes',
    {
      schema: {
        tags,
        summary: "An action's outcome (from SYNAPSE); idempotent by actionId",
        body: outcomeBodySchema,
        response: { 202: outcomeAcceptedSchema, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const { duplicate } = await perception.recordOutcome(request.tenant, request.body);
      return reply.code(202).send({
        actionId: request.body.actionId,
        rimNodeId: request.body.rimNodeId,
        accepted: true as const,
        duplicate,
      });
    },
  );
}

function signalView(signal: Signal) {
  return {
    signalId: signal.signalId,
    rimNodeId: signal.rimNodeId,
    signalType: signal.signalType,
    source: signal.source,
    payload: signal.payload,
    metadata: signal.metadata,
    receivedAt: iso(signal.receivedAt),
    capsuleId: signal.capsuleId,
    capsuleStatus: signal.capsuleStatus,
    capsuleError: signal.capsuleError,
  };
}

function stateView(state: NodeState) {
  const outcome = state.lastOutcome;
  return {
    rimNodeId: state.rimNodeId,
    status: state.status,
    capsuleId: state.capsuleId,
    lastSignalAt: state.lastSignalAt === null ? null : iso(state.lastSignalAt),
    lastSignalId: state.lastSignalId,
    lastOutcome: outcome && {
      actionId: outcome.actionId,
      outcomeStatus: outcome.outcomeStatus,
      toolId: outcome.toolId,
      planId: outcome.planId,
      completedAt: iso(outcome.completedAt),
      receivedAt: iso(outcome.receivedAt),
    },
  };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
