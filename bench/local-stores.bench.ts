// The local profile's stores through the services against the same work done with the engine's
// own client, in one run (issue 16): capsule writes through CAPSULE (Cassandra, RF 3) against
// cassandra-driver inserting the same two rows at QUORUM; PLATO policy writes (PostgreSQL under
// Patroni) against `pg` inserting the same row on the leader; NEXUS's slice cache on the Redis
// Cluster against the in-process cache. Medians of ROUNDS rounds at concurrency 8.
//
// Reuses the local platform of BENCH_STATE_DIR when one runs there; otherwise starts its own in a
// temporary state dir under the engine lock (/tmp/butterfly-engines.lock) and stops it after.
// Skips (exit 0) only when not root or the engines are not installed: a bench is not a test.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cassandra from 'cassandra-driver';
import pg from 'pg';
import { cacheDirOf } from '../src/cluster/engines/index.ts';
import { runningState } from '../src/cluster/index.ts';
import { missingForLocalProfile } from '../src/cluster/setup/index.ts';
import { RedisConnection, compileRedisOptions } from '../src/engines/redis/index.ts';
import { loadServiceConfig } from '../src/kit/config/index.ts';
import { systemClock } from '../src/kit/time/index.ts';
import { serviceSend } from '../src/ops/load/index.ts';
import { newCapsule } from '../src/services/capsule/capsule.ts';
import {
  insertCapsuleById,
  insertCapsuleByScope,
} from '../src/services/capsule/cassandra-capsule-statements.ts';
import { capsuleBodySchema } from '../src/services/capsule/schemas.ts';
import { InProcessSliceCache, RedisSliceCache } from '../src/services/nexus/cache/index.ts';
import { runConcurrently, summary } from './stats.ts';

const COUNT = Number(process.env.BENCH_WRITES ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 8;
const BIN = fileURLToPath(new URL('../bin/butterfly.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(60)} ${value}\n`);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(label: string, task: (i: number) => Promise<void>): Promise<number> {
  await runConcurrently(Math.ceil(COUNT / 4), CONCURRENCY, (i) => task(1_000_000 + i));
  const rounds: { rate: number; latencies: number[] }[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const run = await runConcurrently(COUNT, CONCURRENCY, (i) => task(round * COUNT + i));
    rounds.push({ rate: COUNT / (run.wallMs / 1000), latencies: run.latencies });
  }
  const rate = median(rounds.map((round) => round.rate));
  line(
    label,
    `${rate.toFixed(0)}/s ${JSON.stringify(summary(rounds.find((r) => r.rate === rate)!.latencies))}`,
  );
  return rate;
}

const capsuleBody = (run: string, i: number) => ({
  header: {
    scope: { scopeId: `rim:bench:${run}-${i % 10}`, description: 'bench' },
    time: {
      centerTsUtc: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      deltaTSeconds: 60,
      horizonSeconds: 3600,
    },
    vantage: { mode: 'OBSERVER', observerId: 'bench' },
  },
  configuration: { i },
  dynamics: { value: i },
});

const policyBody = (run: string, i: number) => ({
  namespace: `bench-${run}`,
  name: `policy-${i}`,
  policyType: 'BENCH',
  rules: [{ ruleId: 'never', condition: 'action.type == "BENCH_NEVER"', action: 'DENY' }],
  scope: { actionTypes: ['BENCH_NEVER'] },
});

async function patroniLeader(): Promise<string> {
  for (const host of ['127.0.3.1', '127.0.3.2']) {
    const answer = await fetch(`http://${host}:8008/leader`).catch(() => undefined);
    if (answer?.status === 200) return host;
  }
  throw new Error('no Patroni leader answers on 127.0.3.1–2:8008');
}

async function bench(stateDir: string): Promise<void> {
  const state = runningState(stateDir)!;
  const url = (service: string) => state.pods.find(({ pod }) => pod.service === service)!.url;
  const run = randomUUID().slice(0, 8);
  const tenant = 'bench';
  process.stdout.write(
    `local profile (${stateDir}), ${COUNT} requests × ${ROUNDS} rounds at concurrency ${CONCURRENCY}\n\n`,
  );

  const capsule = await benchCapsule(url('capsule'), run, tenant);
  const plato = await benchPlato(url('plato'), run, tenant);
  const nexus = await benchNexus(url('nexus'), run, tenant);
  process.stdout.write('\n');
  line('CAPSULE API write / cassandra-driver direct', (capsule.api / capsule.direct).toFixed(2));
  line('PLATO API write / pg direct', (plato.api / plato.direct).toFixed(2));
  line('slice cache: Redis / in process', (nexus.redis / nexus.inProcess).toFixed(3));
}

async function benchCapsule(baseUrl: string, run: string, tenant: string) {
  const capsule = serviceSend(baseUrl, { 'x-tenant-id': tenant }, 10_000);
  const apiCapsule = await measure('CAPSULE API write (Cassandra, + outbox)', async (i) => {
    const answer = await capsule.send({
      method: 'POST',
      path: '/api/v1/capsules',
      body: capsuleBody(run, i),
    });
    if (answer.status !== 201) throw new Error(`capsule write: ${answer.status}`);
  });
  const client = new cassandra.Client({
    contactPoints: ['127.0.2.1', '127.0.2.2', '127.0.2.3'],
    localDataCenter: 'datacenter1',
    keyspace: 'butterfly',
    queryOptions: { consistency: cassandra.types.consistencies.quorum, prepare: true },
  });
  await client.connect();
  const contents = new Map<number, ReturnType<typeof capsuleBodySchema.parse>>();
  const directCapsule = await measure('cassandra-driver, the same two rows at QUORUM', async (i) => {
    const content = contents.get(i) ?? capsuleBodySchema.parse(capsuleBody(`${run}d`, i));
    const stored = newCapsule(content, randomUUID(), Date.now());
    for (const statement of [insertCapsuleById, insertCapsuleByScope].map((insert) =>
      insert(tenant, stored, Date.now() * 1000),
    )) {
      await client.execute(statement.cql, [...statement.params], { prepare: true });
    }
  });
  await client.shutdown();
  capsule.close();
  return { api: apiCapsule, direct: directCapsule };
}

async function benchPlato(baseUrl: string, run: string, tenant: string) {
  const plato = serviceSend(baseUrl, { 'x-tenant-id': tenant }, 10_000);
  const apiPlato = await measure('PLATO API policy write (Patroni leader)', async (i) => {
    const answer = await plato.send({ method: 'POST', path: '/api/v1/policies', body: policyBody(run, i) });
    if (answer.status !== 201)
      throw new Error(`policy write: ${answer.status} ${JSON.stringify(answer.body)}`);
  });
  const pool = new pg.Pool({
    host: await patroniLeader(),
    port: 5432,
    database: 'plato',
    user: 'postgres',
    password: 'postgres',
    max: CONCURRENCY,
  });
  const directPlato = await measure('pg on the leader, the same row', async (i) => {
    const policy = policyBody(`${run}d`, i);
    await pool.query(
      `INSERT INTO policies (tenant, id, namespace, name, policy_type, rules, scope, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant, namespace, name) DO NOTHING`,
      [
        tenant,
        randomUUID(),
        policy.namespace,
        policy.name,
        policy.policyType,
        JSON.stringify(policy.rules),
        JSON.stringify(policy.scope),
        new Date(),
      ],
    );
  });
  await pool.end();
  plato.close();
  return { api: apiPlato, direct: directPlato };
}

async function benchNexus(baseUrl: string, run: string, tenant: string) {
  const config = loadServiceConfig('nexus', { BUTTERFLY_PROFILE: 'local', BUTTERFLY_LOG_LEVEL: 'silent' });
  const redis = new RedisConnection(compileRedisOptions(config), systemClock, {
    warn: () => undefined,
    info: () => undefined,
    error: () => undefined,
  } as never);
  redis.connect();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const view = {
    entityId: 'rim:bench:entity',
    capsules: Array.from({ length: 20 }, (_, i) => capsuleBody(run, i)),
  };
  const key = (i: number) => ({
    tenant,
    source: 'capsule' as const,
    entityId: `rim:bench:${run}-${i % 100}`,
    variant: '',
  });
  const sliceCache = async (
    cache: {
      get(k: ReturnType<typeof key>): Promise<unknown>;
      set(k: ReturnType<typeof key>, v: unknown): Promise<void>;
    },
    i: number,
  ) => {
    if ((await cache.get(key(i))) === undefined) await cache.set(key(i), view);
  };
  const onRedis = new RedisSliceCache({ redis, clock: systemClock, ttlMs: 5000, retentionMs: 60_000 });
  const redisRate = await measure('NEXUS slice cache on Redis Cluster (get, set on miss)', (i) =>
    sliceCache(onRedis, i),
  );
  const inProcess = new InProcessSliceCache({
    clock: systemClock,
    ttlMs: 5000,
    retentionMs: 60_000,
    maxEntries: 10_000,
  });
  const localRate = await measure('NEXUS slice cache in process (get, set on miss)', (i) =>
    sliceCache(inProcess, i),
  );
  await redis.close();
  const nexus = serviceSend(baseUrl, { 'x-tenant-id': tenant }, 10_000);
  await measure('NEXUS API temporal slice (Redis cache warm)', async (i) => {
    const answer = await nexus.send({
      method: 'POST',
      path: '/api/v1/temporal/slice',
      body: { entityId: `rim:bench:${run}-${i % 10}` },
    });
    if (answer.status >= 500) throw new Error(`slice: ${answer.status}`);
  });
  nexus.close();
  return { redis: redisRate, inProcess: localRate };
}

const missing = missingForLocalProfile(cacheDirOf());
if (process.getuid?.() !== 0 || missing.length > 0) {
  process.stdout.write(
    `skipped: the local profile needs root and 'butterfly setup' (missing: ${missing.join(', ') || 'root'})\n`,
  );
} else if (process.env.BENCH_STATE_DIR && runningState(process.env.BENCH_STATE_DIR)) {
  await bench(process.env.BENCH_STATE_DIR);
} else if (process.argv[2] !== '--own') {
  // Start our own platform, holding the engine lock for the whole run.
  const result = spawnSync('flock', ['/tmp/butterfly-engines.lock', process.execPath, SELF, '--own'], {
    stdio: 'inherit',
  });
  process.exitCode = result.status ?? 1;
} else {
  const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-bench-local-'));
  const butterfly = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args, '--state-dir', stateDir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  try {
    if (butterfly('up', '--profile', 'local').status !== 0)
      throw new Error('butterfly up --profile local failed');
    await bench(stateDir);
  } finally {
    butterfly('down');
    rmSync(stateDir, { recursive: true, force: true });
  }
}
