import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { redisHealthIndicator, type RedisConnection } from '../../../src/engines/redis/index.ts';
import { HealthRegistry } from '../../../src/kit/health/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { failOpen, RedisSliceCache } from '../../../src/services/nexus/cache/index.ts';
import { RedisRateLimit } from '../../../src/services/synapse/rate-limit/index.ts';
import {
  RUN,
  PREFIX,
  DEAD_NODE,
  SLACK_MS,
  sleep,
  connectionTo,
  deleteKeys,
  timed,
  sliceKey,
  type SilentRedis,
  silentRedis,
} from './redis-tier.ts';

describe('against the running Redis Cluster', () => {
  let first: RedisConnection;
  let second: RedisConnection;

  before(async () => {
    first = connectionTo();
    second = connectionTo();
    const ready = await Promise.all([first.whenReady(10_000), second.whenReady(10_000)]);
    // Unreachable engines fail the file; they never skip it.
    assert.deepEqual(ready, [true, true], `Redis Cluster not ready: ${first.lastError ?? second.lastError}`);
  });

  after(async () => {
    if (first) await deleteKeys(first, `${PREFIX}*`);
    await first?.close();
    await second?.close();
  });

  test('health: UP, cluster_state ok, three masters with their slots, six nodes, none failed', async () => {
    const health = await redisHealthIndicator(first).check(new AbortController().signal);
    assert.equal(health.status, 'UP', JSON.stringify(health));
    const details = health.details!;
    assert.equal(details.clusterState, 'ok');
    assert.equal(details.knownNodes, 6);
    assert.equal(details.size, 3);
    assert.equal((details.masters as string[]).length, 3);
    for (const master of details.masters as string[])
      assert.match(master, /^127\.0\.4\.[1-6]:6379 \(\d+-\d+/);
    assert.deepEqual(details.failedNodes, []);
  });

  test('slice cache: a view round-trips, is shared by instances, goes stale after the TTL and expires after the retention', async () => {
    const tenant = `tenant-${RUN}-cache`;
    const options = { clock: systemClock, ttlMs: 300, retentionMs: 900, keyPrefix: PREFIX };
    const writer = new RedisSliceCache({ ...options, redis: first });
    const reader = new RedisSliceCache({ ...options, redis: second });
    const view = { capsules: [{ capsuleId: 'c-1', n: 1.5, note: 'ünïcode' }], totalCapsules: 1 };
    await writer.set(sliceKey(tenant), view);

    const fresh = await reader.get(sliceKey(tenant));
    assert.deepEqual(fresh?.value, view, 'another instance reads the same view');
    assert.equal(fresh?.fresh, true);
    const redisKey = `${PREFIX}${tenant}|capsule|rim:test:redis|`;
    const pttl = await first.run('PTTL', (client) => client.pttl(redisKey));
    assert.ok(pttl > 0 && pttl <= 900, `stored with PX = the retention, PTTL ${pttl}`);
    assert.equal(await reader.get(sliceKey(`tenant-${RUN}-other`)), undefined, 'other tenants miss');

    await sleep(400);
    const stale = await reader.get(sliceKey(tenant));
    assert.equal(stale?.fresh, false, 'older than the TTL: a stale stand-in');
    assert.ok(stale.ageMs >= 300);

    await sleep(600);
    assert.equal(await reader.get(sliceKey(tenant)), undefined);
    assert.equal(await first.run('EXISTS', (client) => client.exists(redisKey)), 0, 'Redis expired it');
  });

  test('rate limit: N per window across two instances, decided by Redis (X-RateLimit-Limiter: redis)', async () => {
    const tenant = `tenant-${RUN}-limit`;
    const options = { points: 5, windowSeconds: 60, timeoutMs: 250, keyPrefix: `${PREFIX}actions` };
    const instances = [
      new RedisRateLimit({ ...options, storeClient: first.client }),
      new RedisRateLimit({ ...options, storeClient: second.client }),
    ];
    const decisions = [];
    for (let i = 0; i < 7; i++) decisions.push(await instances[i % 2]!.consume(tenant));
    assert.deepEqual(
      decisions.map((decision) => decision.allowed),
      [true, true, true, true, true, false, false],
      'five in the window, counted across both instances',
    );
    assert.deepEqual(
      decisions.map((decision) => decision.state.remaining),
      [4, 3, 2, 1, 0, 0, 0],
    );
    for (const decision of decisions) {
      assert.equal(decision.state.limiter, 'redis');
      assert.equal(decision.state.limit, 5);
      assert.ok(decision.state.resetSeconds > 0 && decision.state.resetSeconds <= 60);
    }
    assert.equal(await first.run('GET', (client) => client.get(`${PREFIX}actions:${tenant}`)), '7');
    assert.equal((await instances[1]!.consume(`${tenant}-b`)).allowed, true, 'tenants are counted apart');
  });
});

describe('with Redis unreachable (a client of its own, pointed at a dead address)', () => {
  let dead: RedisConnection;
  before(() => {
    dead = connectionTo(DEAD_NODE);
  });
  after(async () => {
    await dead?.close();
  });

  test('a cache read is a counted miss within the command timeout, a write is dropped', async () => {
    const errors: string[] = [];
    const cache = failOpen(
      new RedisSliceCache({
        redis: dead,
        clock: systemClock,
        ttlMs: 1000,
        retentionMs: 1000,
        keyPrefix: PREFIX,
      }),
      (operation) => errors.push(operation),
    );
    const read = await timed(() => cache.get(sliceKey(`tenant-${RUN}-dead`)));
    assert.equal(read.value, undefined);
    assert.ok(read.ms < dead.options.commandTimeoutMs + SLACK_MS, `miss after ${read.ms}ms`);
    const write = await timed(() => cache.set(sliceKey(`tenant-${RUN}-dead`), { n: 1 }));
    assert.ok(write.ms < dead.options.commandTimeoutMs + SLACK_MS, `dropped after ${write.ms}ms`);
    assert.deepEqual(errors, ['get', 'set']);
  });

  test('the rate limit is decided by the local insurance limiter within the timeout, and still enforced', async () => {
    const limit = new RedisRateLimit({
      storeClient: dead.client,
      points: 2,
      windowSeconds: 60,
      timeoutMs: dead.options.commandTimeoutMs,
      keyPrefix: `${PREFIX}actions`,
    });
    const tenant = `tenant-${RUN}-dead`;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await timed(() => limit.consume(tenant)));
    for (const answer of answers) {
      assert.equal(answer.value.state.limiter, 'local');
      assert.ok(answer.ms < dead.options.commandTimeoutMs + SLACK_MS, `decided after ${answer.ms}ms`);
    }
    assert.deepEqual(
      answers.map((answer) => answer.value.allowed),
      [true, true, false],
    );
  });

  test('health is DOWN with the reason, within its budget', async () => {
    const registry = new HealthRegistry(2000);
    const indicator = redisHealthIndicator(dead);
    registry.add(indicator);
    const answer = await timed(() => registry.component('redis'));
    assert.equal(answer.value?.status, 'DOWN');
    assert.ok(answer.ms < indicator.timeoutMs!, `DOWN after ${answer.ms}ms`);
    assert.equal(typeof answer.value?.details?.error, 'string');
  });
});

describe('with a node that stops answering (a fake Redis that goes silent)', () => {
  let fake: SilentRedis;
  let hung: RedisConnection;
  before(async () => {
    fake = await silentRedis();
    hung = connectionTo(`127.0.0.1:${fake.port}`, { BUTTERFLY_REDIS_COMMAND_TIMEOUT: '200ms' });
    assert.equal(await hung.whenReady(5000), true, `fake cluster not ready: ${hung.lastError}`);
    fake.silent = true;
  });
  after(async () => {
    await hung?.close();
    await fake?.close();
  });

  test('a command sent and never answered fails at the command timeout', async () => {
    const started = performance.now();
    await assert.rejects(
      hung.run('GET', (client) => client.get('k')),
      /redis unavailable: GET/,
    );
    const ms = performance.now() - started;
    assert.ok(ms >= 190 && ms < 200 + SLACK_MS, `failed after ${ms}ms`);
  });

  test('the cache misses and the limiter answers locally, each within the command timeout', async () => {
    const cache = failOpen(
      new RedisSliceCache({ redis: hung, clock: systemClock, ttlMs: 1000, retentionMs: 1000 }),
      () => {},
    );
    const read = await timed(() => cache.get(sliceKey('t')));
    assert.equal(read.value, undefined);
    assert.ok(read.ms < 200 + SLACK_MS, `miss after ${read.ms}ms`);

    const limit = new RedisRateLimit({
      storeClient: hung.client,
      points: 5,
      windowSeconds: 60,
      timeoutMs: 200,
    });
    const decision = await timed(() => limit.consume('t'));
    assert.equal(decision.value.state.limiter, 'local');
    assert.ok(decision.ms < 200 + SLACK_MS, `decided after ${decision.ms}ms`);
  });
});
