// Issue 13: edge values within the input limits go through CAPSULE's Cassandra store (a JSON
// document in a text column, instants in timestamp clustering columns read back through
// cassandra-driver's Date) and NEXUS's Redis slice cache (JSON strings), and come back identical.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { cassandraSettingsOf, CassandraSession, ensureTables } from '../../../src/engines/cassandra/index.ts';
import { compileRedisOptions, RedisConnection } from '../../../src/engines/redis/index.ts';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { CAPSULE_TABLES } from '../../../src/services/capsule/cassandra-capsule-statements.ts';
import { CassandraCapsuleStore } from '../../../src/services/capsule/cassandra-capsule-store.ts';
import { RedisSliceCache } from '../../../src/services/nexus/cache/index.ts';
import {
  edgeObject,
  edgeText,
  edgeTimestamp,
  EDGE_OBJECT,
  MAX_MS,
  MIN_MS,
  writtenAt,
  type EdgeTimestamp,
} from '../../fuzz/edge-values.ts';

const run = randomUUID().slice(0, 8);
const RUNS = Number(process.env.BUTTERFLY_ROUND_TRIPS ?? 40);
const EXTREMES: EdgeTimestamp[] = [
  { text: writtenAt(MIN_MS, 0), ms: MIN_MS },
  { text: writtenAt(MAX_MS, 0), ms: MAX_MS },
  { text: writtenAt(MIN_MS, 60), ms: MIN_MS },
  { text: writtenAt(MAX_MS, -90), ms: MAX_MS },
];

describe('round trips through Cassandra (CAPSULE)', () => {
  let session: CassandraSession;
  before(async () => {
    // No skip when the tier is down: connecting fails and so does every test here.
    const config = loadServiceConfig('capsule', {
      BUTTERFLY_PROFILE: 'local',
      BUTTERFLY_LOG_LEVEL: 'silent',
    });
    session = await CassandraSession.connect(cassandraSettingsOf(config), systemClock);
    await ensureTables(session, CAPSULE_TABLES);
  });
  after(async () => session?.close());

  test('a capsule with edge text, instants and objects reads back exactly, and is found by its instant', async () => {
    const store = new CassandraCapsuleStore(session);
    const tenant = `rt-${run}`;
    await fc.assert(
      fc.asyncProperty(
        edgeTimestamp,
        edgeTimestamp,
        edgeText,
        edgeObject,
        async (center, created, text, object) => {
          const capsuleId = randomUUID();
          const scopeId = `rim:roundtrip:${randomUUID().slice(0, 12)}`;
          const capsule = {
            capsuleId,
            header: {
              scope: { scopeId, description: text },
              time: { centerTsUtc: center.text, deltaTSeconds: Number.MAX_VALUE, horizonSeconds: 0 },
              vantage: { mode: text, observerId: text },
            },
            configuration: object,
            dynamics: EDGE_OBJECT,
            createdAt: created.text,
          };
          await store.save(tenant, capsule);
          assert.deepEqual((await store.find(tenant, capsuleId)).capsule, capsule);
          const found = await store.listScope(tenant, {
            scopeId,
            fromMs: center.ms,
            toMs: center.ms,
            offset: 0,
            limit: 5,
          });
          assert.deepEqual(
            found.capsules.map((one) => one.capsuleId),
            [capsuleId],
            `found at ${center.text}`,
          );
        },
      ),
      {
        numRuns: RUNS,
        examples: EXTREMES.map((at): [EdgeTimestamp, EdgeTimestamp, string, Record<string, unknown>] => [
          at,
          at,
          'x',
          EDGE_OBJECT,
        ]),
      },
    );
  });
});

describe('round trips through Redis (NEXUS slice cache)', () => {
  let redis: RedisConnection;
  const keyPrefix = `butterfly:test:${run}:`;
  before(async () => {
    const config = loadServiceConfig('nexus', { BUTTERFLY_PROFILE: 'local' });
    redis = new RedisConnection(compileRedisOptions(config), systemClock, { info() {}, warn() {} });
    redis.connect();
    assert.equal(await redis.whenReady(10_000), true, `Redis Cluster not ready: ${redis.lastError}`);
  });
  after(async () => {
    for (const node of redis.client.nodes('master'))
      for (const key of await node.keys(`${keyPrefix}*`)) await redis.run('DEL', (client) => client.del(key));
    await redis.close();
  });

  test('a cached view of edge text and objects reads back exactly', async () => {
    const cache = new RedisSliceCache({
      redis,
      clock: systemClock,
      ttlMs: 60_000,
      retentionMs: 60_000,
      keyPrefix,
    });
    await fc.assert(
      fc.asyncProperty(edgeText, edgeObject, async (text, object) => {
        const key = {
          tenant: `rt-${run}`,
          source: 'capsule' as const,
          entityId: `rim:roundtrip:${randomUUID()}`,
          variant: text,
        };
        const view = { text, object, edge: EDGE_OBJECT };
        await cache.set(key, view);
        assert.deepEqual((await cache.get(key))?.value, view);
      }),
      { numRuns: RUNS },
    );
  });
});
