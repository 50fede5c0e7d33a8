import { NotFoundError } from '../../kit/errors/index.ts';
import { toPage } from '../../kit/http/page.ts';
import type { ServiceApp } from '../../kit/server/index.ts';
import type { CapsuleStore } from './capsule-store.ts';
import type { CapsuleWriter } from './capsule-writer.ts';
import {
  capsuleBodySchema,
  capsulePageSchema,
  capsuleParamsSchema,
  createHeadersSchema,
  historyQuerySchema,
  listQuerySchema,
  storedCapsuleSchema,
} from './schemas.ts';

const tags = ['capsules'];

/** CAPSULE's HTTP API: write a capsule, read one, list a scope, read a scope's history. */
export async function capsuleRoutes(
  app: ServiceApp,
  writer: CapsuleWriter,
  store: CapsuleStore,
): Promise<void> {
  app.post(
    '/api/v1/capsules',
    {
      schema: {
        tags,
        summary: 'Store an immutable capsule (idempotent with X-Idempotency-Key)',
        description:
          'Answers 201 with the stored capsule. A retry with the same X-Idempotency-Key and body answers 200 with the same capsule; the same key with a different body is 409. The capsule is announced to ODYSSEY.',
        headers: createHeadersSchema,
        body: capsuleBodySchema,
        response: { 200: storedCapsuleSchema, 201: storedCapsuleSchema },
      },
    },
    async (request, reply) => {
      const { capsule, created } = await writer.write({
        tenant: request.tenant,
        correlationId: request.id,
        content: request.body,
        idempotencyKey: request.headers['x-idempotency-key'],
      });
      return reply
        .code(created ? 201 : 200)
        .header('location', `/api/v1/capsules/${capsule.capsuleId}`)
        .send(capsule);
    },
  );

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
    async (request) => {
      const { scopeId, page, limit } = request.query;
      const slice = await store.listScope(request.tenant, { scopeId, offset: page * limit, limit });
      return toPage(slice.capsules, slice.total, page, limit);
    },
  );

  app.get(
    '/api/v1/capsules/:capsuleId',
    {
      schema: {
        tags,
        summary: 'One capsule',
        params: capsuleParamsSchema,
        response: { 200: storedCapsuleSchema },
      },
    },
    async (request) => {
      const capsule = await store.find(request.tenant, request.params.capsuleId);
      if (!capsule) throw new NotFoundError('capsule', request.params.capsuleId);
      return capsule;
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
    async (request) => {
      const { scopeId, page, limit, from, to } = request.query;
      const slice = await store.listScope(request.tenant, {
        scopeId,
        offset: page * limit,
        limit,
        ...(from ? { fromMs: Date.parse(from) } : {}),
        ...(to ? { toMs: Date.parse(to) } : {}),
      });
      return toPage(slice.capsules, slice.total, page, limit);
    },
  );
}
