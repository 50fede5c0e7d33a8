// Golden-loop latency and capsule throughput on the embedded profile, each beside a baseline
// measured in the same run on the same machine: figures are medians of noisy shared hardware,
// so compare the ratios rather than the absolute numbers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteClient } from '../src/engines/embedded/index.ts';
import { migrate } from '../src/engines/sql/index.ts';
import { PlatformClient, runGoldenPath } from '../src/ops/golden-path/index.ts';
import { newCapsule } from '../src/services/capsule/capsule.ts';
import { CAPSULE_MIGRATIONS } from '../src/services/capsule/migrations.ts';
import { SqlCapsuleStore } from '../src/services/capsule/sql-capsule-store.ts';
import { startTestPlatform } from '../test/harness/platform.ts';
import { runConcurrently, summary } from './stats.ts';

const LOOPS = Number(process.env.BENCH_LOOPS ?? 200);
const WRITES = Number(process.env.BENCH_WRITES ?? 1000);
const READS = Number(process.env.BENCH_READS ?? 1000);
const CONCURRENCY = 8;

const capsuleBody = (scopeId: string, i: number) => ({
  header: {
    scope: { scopeId, description: 'bench' },
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
  process.stdout.write(`${label.padEnd(52)} ${value}\n`);
}

const platform = await startTestPlatform({ env: { BUTTERFLY_LOG_LEVEL: 'error' } });
try {
  const client = new PlatformClient(platform.urls, { 'x-tenant-id': 'bench' });
  process.stdout.write(
    `embedded platform, ${LOOPS} loops, ${WRITES} writes, ${READS} reads, concurrency ${CONCURRENCY}\n\n`,
  );

  // Baseline: the cheapest round trip a service can answer (liveness), sequentially.
  const baseline = await runConcurrently(LOOPS, 1, async () => {
    await client.send('perception', 'GET', '/actuator/health/liveness');
  });
  const liveness = summary(baseline.latencies);
  line('baseline: GET /actuator/health/liveness (ms)', JSON.stringify(liveness));

  const loops: number[] = [];
  let failures = 0;
  for (let i = 0; i < LOOPS; i += 1) {
    const result = await runGoldenPath(client);
    if (result.passed) loops.push(result.totalMs);
    else failures += 1;
  }
  const loop = summary(loops);
  line('golden loop, 8 checkpoints (ms)', JSON.stringify({ ...loop, failures }));
  line('golden loop p50 / liveness p50', `${(loop.p50 / liveness.p50).toFixed(1)}x`);

  // Capsule writes through the API vs the same store written directly (no HTTP, validation, outbox).
  const writes = await runConcurrently(WRITES, CONCURRENCY, async (i) => {
    const answer = await client.send(
      'capsule',
      'POST',
      '/api/v1/capsules',
      capsuleBody(`rim:bench:scope-${i % 10}`, i),
    );
    if (answer.status !== 201) throw new Error(`write ${i}: ${answer.status}`);
  });
  const apiWriteRate = WRITES / (writes.wallMs / 1000);
  const dir = mkdtempSync(join(tmpdir(), 'butterfly-bench-'));
  const db = await PgliteClient.open(join(dir, 'pgdata'));
  await migrate(db, CAPSULE_MIGRATIONS);
  const store = new SqlCapsuleStore(db);
  const direct = await runConcurrently(WRITES, CONCURRENCY, async (i) => {
    await store.save(
      'bench',
      newCapsule(capsuleBody(`rim:bench:scope-${i % 10}`, i), `direct-${i}`, Date.now()),
    );
  });
  const directWriteRate = WRITES / (direct.wallMs / 1000);
  line(
    'capsule writes via API (/s, latency ms)',
    `${apiWriteRate.toFixed(0)}/s ${JSON.stringify(summary(writes.latencies))}`,
  );
  line('baseline: same store written directly (/s)', `${directWriteRate.toFixed(0)}/s`);
  line('API write rate / direct store write rate', `${(apiWriteRate / directWriteRate).toFixed(2)}`);

  const reads = await runConcurrently(READS, CONCURRENCY, async (i) => {
    const answer = await client.send(
      'capsule',
      'GET',
      `/api/v1/capsules?scopeId=rim:bench:scope-${i % 10}&limit=20`,
    );
    if (answer.status !== 200) throw new Error(`read ${i}: ${answer.status}`);
  });
  const directReads = await runConcurrently(READS, CONCURRENCY, async (i) => {
    await store.listScope('bench', { scopeId: `rim:bench:scope-${i % 10}`, offset: 0, limit: 20 });
  });
  const apiReadRate = READS / (reads.wallMs / 1000);
  const directReadRate = READS / (directReads.wallMs / 1000);
  line(
    'capsule page reads via API (/s, latency ms)',
    `${apiReadRate.toFixed(0)}/s ${JSON.stringify(summary(reads.latencies))}`,
  );
  line('baseline: same store read directly (/s)', `${directReadRate.toFixed(0)}/s`);
  line('API read rate / direct store read rate', `${(apiReadRate / directReadRate).toFixed(2)}`);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
} finally {
  await platform.stop();
}
