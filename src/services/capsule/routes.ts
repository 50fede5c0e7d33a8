import { QUORUM_LOST } from '../../engines/cassandra/index.ts';
import { NotFoundError } from '../../kit/errors/index.ts';
import { errorResponses, toPage } from '../../kit/http/index.ts';
import type { ServiceApp } from '../../host/index.ts';
import type { CapsuleStore, ScopeSlice } from './capsule-store.ts';
import type { CapsuleWriter } from './capsule-writer.ts';
import {
  capsuleBodySchema,
  capsulePageSchema,
  capsuleParamsSchema,
  capsuleReadSchema,
  createHeadersSchema,
  historyQuerySchema,
  listQuerySchema,
  queuedCapsuleSchema,
  storedCapsuleSchema,
} from './schemas.ts';

const tags = ['capsules'];

/** Marks an answer served below quorum: a header for proxies and dashboards, and a counter. */
type FlagDegraded = (reply: { header(name: string, value: string): unknown }) => void;

/** CAPSULE's HTTP API: write a capsule, read one, list a scope, read a scope's history. */
export async function capsuleRoutes(
  app: ServiceApp,
  writer: CapsuleWriter,
  store: CapsuleStore,
  onDegraded: (reason: string) => void,
): Promise<void> {
  const flagDegraded: FlagDegraded = (reply) => {
    reply.header('x-butterfly-degraded', QUORUM_LOST);
    onDegraded(QUORUM_LOST);
  };
  writeRoute(app, writer, flagDegraded);
  oneCapsuleRoute(app, store, flagDegraded);
  scopeRoutes(app, store, flagDegraded);
}

function writeRoute(app: ServiceApp, writer: CapsuleWriter, flagDegraded: FlagDegraded): void {
  app.post(
    '/api/v1/capsules',
    {
      schema: {
        tags,
        summary: 'Store an immutable capsule (idempotent with X-Idempotency-Key)',
        description:
          'Answers 201 with the stored capsule. A retry with the same X-Idempotency-Key and body answers 200 with the same capsule; the same key with a different body is 409. The capsule is announced to ODYSSEY. While Cassandra has no quorum the write is queued durably and answered 202 {capsuleId, status: QUEUED} with X-Butterfly-Degraded: cassandra-quorum-lost; it is stored under that id, with its original timestamp, once the quorum is back.',
        headers: createHeadersSchema,
        body: capsuleBodySchema,
        response: {
          200: storedCapsuleSchema,
          201: storedCapsuleSchema,
          202: queuedCapsuleSchema,
          ...errorResponses(409),
        },
      },
    },
    async (request, reply) => {
      const { capsule, outcome } = await writer.write({
        tenant: request.tenant,
        correlationId: request.id,
        content: request.body,
        idempotencyKey: request.headers['x-idempotency-key'],
      });
      reply.header('location', `/api/v1/capsules/${capsule.capsuleId}`);
      if (outcome === 'queued') {
        request.log.warn(
          { capsuleId: capsule.capsuleId },
          'capsule write queued: the store cannot take writes (Cassandra quorum lost); it replays when it can',
        );
        flagDegraded(reply);
        return reply.code(202).send({ capsuleId: capsule.capsuleId, status: 'QUEUED' as const });
      }
      return reply.code(outcome === 'created' ? 201 : 200).send(capsule);
    },
  );
}

function oneCapsuleRoute(app: ServiceApp, store: CapsuleStore, flagDegraded: FlagDegraded): void {
  app.get(
    '/api/v1/capsules/:capsuleId',
    {
      schema: {
        tags,
        summary: 'One capsule',
        params: capsuleParamsSchema,
        response: { 200: capsuleReadSchema },
      },
    },
    async (request, reply) => {
      const { capsule, degraded } = await store.find(request.tenant, request.params.capsuleId);
      if (degraded) flagDegraded(reply);
      if (!capsule) throw new NotFoundError('capsule', request.params.capsuleId);
      return degraded ? { ...capsule, degraded } : capsule;
    },
  );
}

function scopeRoutes(app: ServiceApp, store: CapsuleStore, flagDegraded: FlagDegraded): void {
  app.get(
    '/api/v1/capsules',
    {
      schema: {
        tags,
        summary: "A scope's capsules, newest first",
        querystring: listQuerySchema,
        response: { 200: capsulePageSchema },
      },
    },
    async (request, reply) => {
      const { scopeId, page, limit } = request.query;
      const slice = await store.listScope(request.tenant, { scopeId, offset: page * limit, limit });
      return pageOf(flagDegraded, slice, page, limit, reply);
    },
  );

  app.get(
    '/api/v1/history',
    {
      schema: {
        tags,
        summary: "A scope's capsules with centerTsUtc in [from, to], newest first",
        querystring: historyQuerySchema,
        response: { 200: capsulePageSchema },
      },
    },
    async (request, reply) => {
      const { scopeId, page, limit, from, to } = request.query;
      const slice = await store.listScope(request.tenant, {
        scopeId,
        offset: page * limit,
        limit,
        ...(from ? { fromMs: Date.parse(from) } : {}),
        ...(to ? { toMs: Date.parse(to) } : {}),
      });
      return pageOf(flagDegraded, slice, page, limit, reply);
    },
  );
}

function pageOf(
  flagDegraded: FlagDegraded,
  slice: ScopeSlice,
  page: number,
  limit: number,
  reply: { header(name: string, value: string): unknown },
) {
  const body = toPage(slice.capsules, slice.total, page, limit);
  if (!slice.degraded) return body;
  flagDegraded(reply);
  return { ...body, degraded: slice.degraded };
}
