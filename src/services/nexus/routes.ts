import { peerClientName } from '../../kit/platform/index.ts';
import type { ServiceApp, ServiceContext } from '../../host/index.ts';
import type { SliceSource } from './cache/index.ts';
import { probeEcosystem, type EcosystemProbeOptions } from './ecosystem-health.ts';
import { ecosystemHealthSchema, sliceBodySchema, sliceSchema } from './schemas.ts';
import type { TemporalSlicer } from './temporal-slice.ts';
import { parseTimeframeSpan } from './timeframe.ts';

const SLICE_PEERS: readonly SliceSource[] = ['perception', 'capsule', 'odyssey', 'plato'];

/** NEXUS's API: the temporal slice and the ecosystem's health. */
export async function nexusRoutes(
  app: ServiceApp,
  context: ServiceContext,
  slicer: TemporalSlicer,
  ecosystem: EcosystemProbeOptions,
): Promise<void> {
  app.post(
    '/api/v1/temporal/slice',
    {
      schema: {
        tags: ['nexus'],
        summary:
          "Fuse an entity's past (CAPSULE), present (PERCEPTION, ODYSSEY) and future (PLATO); 206 with what is known when a source is unavailable",
        body: sliceBodySchema,
        response: { 200: sliceSchema, 206: sliceSchema },
      },
    },
    async (request, reply) => {
      const { entityId, timeframe, options } = request.body;
      const { slice, partial, stale } = await slicer.slice({
        tenant: request.tenant,
        entityId,
        lookbackMs: durationMs(timeframe.lookback),
        lookaheadMs: durationMs(timeframe.lookahead),
        allowStaleData: options.allowStaleData,
        callContext: request.callContext,
      });
      const degradedReason = partial ? 'partial-slice' : stale ? 'stale-slice' : undefined;
      if (degradedReason) {
        context.metrics.degraded.inc({ reason: degradedReason });
        reply.header('X-Butterfly-Degraded', degradedReason);
      }
      // Every slice says how NEXUS sees each source's breaker, so a degraded answer explains itself.
      for (const peer of SLICE_PEERS) {
        reply.header(
          `X-Circuit-State-${peer.toUpperCase()}`,
          context.breakers.get(peerClientName(peer)).state,
        );
      }
      return reply
        .code(partial ? 206 : 200)
        .send({ ...slice, timeframe: { ...timeframe, ...slice.timeframe } });
    },
  );

  app.get(
    '/api/v1/ecosystem/health',
    {
      schema: {
        tags: ['nexus'],
        summary: "Every service's health as NEXUS sees it, through its peer clients, and the aggregate",
        response: { 200: ecosystemHealthSchema },
      },
    },
    async (request) => probeEcosystem(ecosystem, request.callContext),
  );
}

// The body schema has already refused anything parseTimeframeSpan refuses.
function durationMs(text: string): number {
  const parsed = parseTimeframeSpan(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.ms;
}
