// What a capsule request costs on the embedded profile, layer by layer, in one run (issue 16):
// the API write against the same write through CAPSULE's domain call (store plus outbox, no
// HTTP) and against the bare store; the API page read against the domain read; and a route
// of ours against a bare Fastify route doing the same work (the per-request cost of our hooks).
// Medians of ROUNDS rounds; compare the ratios, not the absolute figures, on shared hardware.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { PgliteClient } from '../src/engines/embedded/index.ts';
import { migrate } from '../src/engines/sql/index.ts';
import { loadServiceConfig } from '../src/kit/config/index.ts';
import { buildService, type ServiceDefinition } from '../src/host/index.ts';
import { systemClock } from '../src/kit/time/index.ts';
import { serviceSend, type ServiceSend } from '../src/ops/load/index.ts';
import { DurableOutbox } from '../src/resilience/outbox/index.ts';
import { newCapsule } from '../src/services/capsule/capsule.ts';
import { CapsuleWriter } from '../src/services/capsule/capsule-writer.ts';
import { CAPSULE_MIGRATIONS } from '../src/services/capsule/migrations.ts';
import { OdysseyAnnouncer } from '../src/services/capsule/odyssey-announcer.ts';
import { capsuleBodySchema } from '../src/services/capsule/schemas.ts';
import { SqlCapsuleStore } from '../src/services/capsule/sql-capsule-store.ts';
import { startTestPlatform } from '../test/harness/platform.ts';
import { runConcurrently, summary } from './stats.ts';

const COUNT = Number(process.env.BENCH_WRITES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 8;
const SCOPES = 10;

const capsuleBody = (i: number) => ({
  header: {
    scope: { scopeId: `rim:bench:scope-${i % SCOPES}`, description: 'bench' },
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

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(58)} ${value}\n`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs `task` COUNT times at CONCURRENCY, ROUNDS times; the median rate and the latencies of the median round. */
async function measure(label: string, task: (i: number) => Promise<void>) {
  const rounds: { rate: number; latencies: number[] }[] = [];
  // A warm-up round first, so the JIT and the connection pool are not measured.
  await runConcurrently(Math.ceil(COUNT / 4), CONCURRENCY, (i) => task(COUNT * ROUNDS + i));
  let offset = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const base = offset;
    const run = await runConcurrently(COUNT, CONCURRENCY, (i) => task(base + i));
    offset += COUNT;
    rounds.push({ rate: COUNT / (run.wallMs / 1000), latencies: run.latencies });
  }
  const rate = median(rounds.map((round) => round.rate));
  const middle = rounds.find((round) => round.rate === rate)!;
  line(label, `${rate.toFixed(0)}/s ${JSON.stringify(summary(middle.latencies))}`);
  return rate;
}

function expect(send: ServiceSend, status: number) {
  return async (request: Parameters<ServiceSend['send']>[0]) => {
    const answer = await send.send(request);
    if (answer.status !== status) throw new Error(`${request.method} ${request.path}: ${answer.status}`);
  };
}

/** A service of ours with one route that does what the bare Fastify route below does. */
const echoService: ServiceDefinition = {
  name: 'capsule',
  title: 'Echo',
  description: 'The per-request cost of the service kit.',
  async register(app) {
    app.get('/api/v1/echo', async (request) => ({ tenant: request.tenant, ok: true }));
  },
};

const dir = mkdtempSync(join(tmpdir(), 'butterfly-bench-'));
process.stdout.write(
  `capsule request path, embedded, ${COUNT} requests × ${ROUNDS} rounds at concurrency ${CONCURRENCY} (median round)\n\n`,
);
try {
  // CAPSULE alone: its announcements to ODYSSEY stay in the outbox (the relay finds no ODYSSEY
  // and backs off), so the API write does what the domain call below does, plus HTTP.
  const alone = await startTestPlatform({ only: ['capsule'], env: { BUTTERFLY_LOG_LEVEL: 'error' } });
  const capsule = serviceSend(alone.urls.capsule, { 'x-tenant-id': 'bench' }, 10_000);
  const post = expect(capsule, 201);
  const apiWrite = await measure('API write, POST /api/v1/capsules (ODYSSEY absent)', (i) =>
    post({ method: 'POST', path: '/api/v1/capsules', body: capsuleBody(i) }),
  );
  const get = expect(capsule, 200);
  const apiRead = await measure('API page read, GET /api/v1/capsules?limit=20', (i) =>
    get({ method: 'GET', path: `/api/v1/capsules?scopeId=rim:bench:scope-${i % SCOPES}&limit=20` }),
  );

  // The domain call: the same CapsuleWriter, store and outbox the route uses, without HTTP.
  const db = await PgliteClient.open(join(dir, 'pgdata'));
  await migrate(db, CAPSULE_MIGRATIONS);
  const store = new SqlCapsuleStore(db);
  const outbox = new DurableOutbox(join(dir, 'outbox.db'));
  const writer = new CapsuleWriter(
    store,
    new OdysseyAnnouncer(outbox, { nudge: () => undefined }, systemClock),
    systemClock,
  );
  const contents = Array.from({ length: COUNT * ROUNDS + Math.ceil(COUNT / 4) }, (_, i) =>
    capsuleBody(i),
  ).map((body) => capsuleBodySchema.parse(body));
  const domainWrite = await measure('domain call, CapsuleWriter.write (store + outbox)', async (i) => {
    await writer.write({ tenant: 'bench', correlationId: `bench-${i}`, content: contents[i]! });
  });
  const storeWrite = await measure('direct store, SqlCapsuleStore.save', async (i) => {
    await store.save('bench', newCapsule(contents[i]!, `direct-${i}`, Date.now()));
  });
  const domainRead = await measure('domain read, SqlCapsuleStore.listScope (20)', async (i) => {
    await store.listScope('bench', { scopeId: `rim:bench:scope-${i % SCOPES}`, offset: 0, limit: 20 });
  });

  // The per-request cost of the kit's hooks: the same handler on a bare Fastify and on ours.
  const bare = Fastify({ logger: false });
  bare.get('/api/v1/echo', async (request) => ({ tenant: request.headers['x-tenant-id'], ok: true }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  const ours = await buildService(
    echoService,
    loadServiceConfig('capsule', { BUTTERFLY_LOG_LEVEL: 'error', BUTTERFLY_STATE_DIR: dir }),
  );
  const oursUrl = await ours.app.listen({ host: '127.0.0.1', port: 0 });
  const bareSend = serviceSend(bareUrl, { 'x-tenant-id': 'bench' }, 10_000);
  const oursSend = serviceSend(oursUrl, { 'x-tenant-id': 'bench' }, 10_000);
  const bareRate = await measure('bare Fastify route, GET /api/v1/echo', () =>
    expect(bareSend, 200)({ method: 'GET', path: '/api/v1/echo' }),
  );
  const oursRate = await measure('our service route (auth, tenancy, context, metrics)', () =>
    expect(oursSend, 200)({ method: 'GET', path: '/api/v1/echo' }),
  );

  process.stdout.write('\n');
  line('API write / domain call (goal ≥ 0.6)', (apiWrite / domainWrite).toFixed(2));
  line('API write / direct store', (apiWrite / storeWrite).toFixed(2));
  line('domain call / direct store (the outbox enqueue)', (domainWrite / storeWrite).toFixed(2));
  line('API read / domain read (goal ≥ 0.6)', (apiRead / domainRead).toFixed(2));
  line('per-request time, ours / bare Fastify (goal ≤ 2)', (bareRate / oursRate).toFixed(2));

  for (const send of [capsule, bareSend, oursSend]) send.close();
  await Promise.all([bare.close(), ours.app.close(), alone.stop()]);
  outbox.close();
  await db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
