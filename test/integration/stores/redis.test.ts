import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compileRedisOptions,
  redisHealthIndicator,
  RedisConnection,
} from '../../../src/engines/redis/index.ts';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import { HealthRegistry } from '../../../src/kit/health/index.ts';
import { buildService, type BuiltService } from '../../../src/host/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { failOpen, RedisSliceCache, type SliceCacheKey } from '../../../src/services/nexus/cache/index.ts';
import { nexusService } from '../../../src/services/nexus/index.ts';
import { RedisRateLimit } from '../../../src/services/synapse/rate-limit/index.ts';
import { fakePeer, type FakePeer } from '../../harness/fake-peer.ts';

// The Redis engine against the running local tier (127.0.4.1-6:6379): NEXUS's slice cache,
// SYNAPSE's shared rate limit, the `redis` health component, and how each behaves when Redis is
// not there — on clients of their own pointed at a dead address or at a node that stops
// answering, never by touching the shared cluster. Keys and tenants are unique per run.

const RUN = randomUUID().slice(0, 8);
const PREFIX = `butterfly:test:${RUN}:`;
/** A loopback address no pod uses: connections are refused at once. */
const DEAD_NODE = '127.0.4.99:6379';
/** Scheduling slack on top of a timeout when asserting that something answered within it. */
const SLACK_MS = 250;

const silentLog = { info() {}, warn() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connectionTo(nodes?: string, env: Record<string, string> = {}): RedisConnection {
  const config = loadServiceConfig('nexus', {
    BUTTERFLY_PROFILE: 'local',
    ...(nodes ? { BUTTERFLY_REDIS_NODES: nodes } : {}),
    ...env,
  });
  const connection = new RedisConnection(compileRedisOptions(config), systemClock, silentLog);
  connection.connect();
  return connection;
}

/** Deletes the keys matching `pattern` on every master (test keys only); returns them. */
async function deleteKeys(connection: RedisConnection, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of connection.client.nodes('master')) found.push(...(await node.keys(pattern)));
  for (const key of found) await connection.run('DEL', (client) => client.del(key));
  return found;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

const sliceKey = (tenant: string, entityId = 'rim:test:redis'): SliceCacheKey => ({
  tenant,
  source: 'capsule',
  entityId,
  variant: '',
});

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

describe('NEXUS on the local profile', () => {
  let stateDir: string;
  let peer: FakePeer;
  let nexus: BuiltService | undefined;
  let nexusOnDeadRedis: BuiltService | undefined;

  before(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'butterfly-redis-test-'));
    // One fake answers for all four sources, so slices are complete and cacheable.
    peer = await fakePeer((request) => {
      if (request.url.startsWith('/api/v1/history') || request.url.startsWith('/api/v1/plans'))
        return { status: 200, body: { content: [], totalElements: 0, totalPages: 0, number: 0, size: 100 } };
      if (request.url.startsWith('/api/v1/state/'))
        return { status: 200, body: { rimNodeId: 'rim:test:redis', status: 'OBSERVED', capsuleId: null } };
      return { status: 200, body: { entityId: 'rim:test:redis', observationCount: 0 } };
    });
    const env = (extra: Record<string, string>) =>
      loadServiceConfig('nexus', {
        BUTTERFLY_PROFILE: 'local',
        BUTTERFLY_STATE_DIR: stateDir,
        BUTTERFLY_LOG_LEVEL: 'silent',
        BUTTERFLY_PERCEPTION_URL: peer.url,
        BUTTERFLY_CAPSULE_URL: peer.url,
        BUTTERFLY_ODYSSEY_URL: peer.url,
        BUTTERFLY_PLATO_URL: peer.url,
        ...extra,
      });
    nexus = await buildService(nexusService, env({}));
    nexusOnDeadRedis = await buildService(nexusService, env({ BUTTERFLY_REDIS_NODES: DEAD_NODE }));
  });

  after(async () => {
    await nexus?.app.close();
    await nexusOnDeadRedis?.app.close();
    await peer?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const slice = (service: BuiltService, tenant: string) =>
    service.app.inject({
      method: 'POST',
      url: '/api/v1/temporal/slice',
      headers: { 'x-tenant-id': tenant },
      payload: { entityId: 'rim:test:redis', timeframe: { lookback: 'PT1H', lookahead: 'PT1H' } },
    });

  test('/actuator/health/redis is UP with the cluster details; the cache component says redis', async () => {
    const response = await nexus!.app.inject({ method: 'GET', url: '/actuator/health/redis' });
    assert.equal(response.statusCode, 200, response.body);
    const health = response.json();
    assert.equal(health.status, 'UP');
    assert.equal(health.details.clusterState, 'ok');
    assert.equal(health.details.masters.length, 3);
    const cache = (await nexus!.app.inject({ method: 'GET', url: '/actuator/health/cache' })).json();
    assert.equal(cache.details.kind, 'redis');
  });

  test('slices are cached in Redis: the second answer comes from the cache', async () => {
    const tenant = `tenant-${RUN}-nexus`;
    const live = await slice(nexus!, tenant);
    assert.equal(live.statusCode, 200, live.body);
    assert.equal(live.json().sources.capsule.source, 'LIVE');
    const cached = await slice(nexus!, tenant);
    assert.equal(cached.statusCode, 200);
    for (const source of ['perception', 'capsule', 'odyssey', 'plato'])
      assert.equal(cached.json().sources[source].source, 'CACHE', source);
    const connection = connectionTo();
    try {
      assert.equal(await connection.whenReady(5000), true);
      const keys = await deleteKeys(connection, `butterfly:nexus:slice:${tenant}|*`);
      assert.deepEqual(
        keys.map((key) => key.split('|')[1]).sort(),
        ['capsule', 'odyssey', 'perception', 'plato'],
        'one key per source, under the tenant',
      );
    } finally {
      await connection.close();
    }
  });

  test('with Redis unreachable a slice is served live, not degraded, and the cache errors are counted', async () => {
    const tenant = `tenant-${RUN}-nexus-dead`;
    const response = await slice(nexusOnDeadRedis!, tenant);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.degraded, false);
    for (const source of ['perception', 'capsule', 'odyssey', 'plato'])
      assert.equal(body.sources[source].source, 'LIVE', source);
    const metrics = await nexusOnDeadRedis!.app.inject({ method: 'GET', url: '/actuator/prometheus' });
    assert.match(metrics.body, /butterfly_slice_cache_errors_total\{operation="get"[^}]*\} [1-9]/);
    const health = await nexusOnDeadRedis!.app.inject({ method: 'GET', url: '/actuator/health/redis' });
    assert.equal(health.json().status, 'DOWN');
    const readiness = await nexusOnDeadRedis!.app.inject({
      method: 'GET',
      url: '/actuator/health/readiness',
    });
    assert.equal(readiness.statusCode, 200, 'Redis is not needed to serve');
  });
});

/** A one-node "cluster" that answers the client's handshake and slot map, then can stop answering data commands. */
interface SilentRedis {
  port: number;
  silent: boolean;
  close(): Promise<void>;
}

async function silentRedis(): Promise<SilentRedis> {
  const sockets = new Set<Socket>();
  const fake: SilentRedis = { port: 0, silent: false, close: async () => {} };
  const bulk = (text: string) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  const reply = (args: string[]): string | undefined => {
    const [name = '', sub = ''] = args.map((arg) => arg.toUpperCase());
    if (name === 'HELLO') return '-NOPROTO this fake speaks RESP2 only\r\n';
    if (name === 'CLIENT') return '+OK\r\n';
    if (name === 'PING') return '+PONG\r\n';
    if (name === 'INFO') return bulk('# Persistence\r\nloading:0\r\n');
    if (name === 'CLUSTER' && sub === 'SLOTS')
      return `*1\r\n*3\r\n:0\r\n:16383\r\n*3\r\n${bulk('127.0.0.1')}:${fake.port}\r\n${bulk('f'.repeat(40))}`;
    if (name === 'CLUSTER' && sub === 'INFO')
      return bulk('cluster_state:ok\r\ncluster_known_nodes:1\r\ncluster_size:1\r\n');
    if (fake.silent) return undefined;
    if (name === 'GET') return '$-1\r\n';
    return '+OK\r\n';
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseCommand(buffer);
        if (!parsed) break;
        buffer = buffer.subarray(parsed.length);
        const answer = reply(parsed.args);
        if (answer !== undefined) socket.write(answer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as { port: number }).port;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return fake;
}

/** Parses one RESP array of bulk strings (how clients send commands), or undefined if incomplete. */
function parseCommand(buffer: Buffer): { args: string[]; length: number } | undefined {
  let offset = 0;
  const line = (): string | undefined => {
    const end = buffer.indexOf('\r\n', offset);
    if (end < 0) return undefined;
    const text = buffer.subarray(offset, end).toString();
    offset = end + 2;
    return text;
  };
  const header = line();
  if (header === undefined || !header.startsWith('*')) return undefined;
  const args: string[] = [];
  for (let i = 0; i < Number(header.slice(1)); i++) {
    const size = line();
    if (size === undefined) return undefined;
    const length = Number(size.slice(1));
    if (buffer.length < offset + length + 2) return undefined;
    args.push(buffer.subarray(offset, offset + length).toString());
    offset += length + 2;
  }
  return { args, length: offset };
}
