import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../kit/time/index.ts';
import type { Collector } from './collectors/index.ts';
import type { Sample } from './series/index.ts';
import { scrape } from './scrape.ts';

const sample: Sample = { name: 'redis_cluster_state', labels: { cluster: 'butterfly' }, value: 1 };
const answering: Collector = { name: 'redis', collect: async () => [sample] };
const failing: Collector = {
  name: 'postgres',
  collect: async () => {
    throw new Error('boom');
  },
};

const successOf = (samples: Sample[]) =>
  Object.fromEntries(
    samples
      .filter((s) => s.name === 'butterfly_exporter_collector_success')
      .map((s) => [s.labels.collector, s.value]),
  );

test('samples of collectors that answer, and a success series per collector', async () => {
  const samples = await scrape([answering, failing], { clock: systemClock, deadlineMs: 1800 });
  assert.deepEqual(successOf(samples), { redis: 1, postgres: 0 });
  assert.ok(samples.includes(sample));
  assert.equal(samples.filter((s) => s.name === 'butterfly_exporter_collector_duration_seconds').length, 2);
});

test('a collector that hangs is dropped at the deadline, told to stop, and does not hold the scrape', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  let stopSignal: AbortSignal | undefined;
  const hanging: Collector = {
    name: 'cassandra',
    collect: (signal) => {
      stopSignal = signal;
      return new Promise(() => {});
    },
  };
  const result = scrape([answering, hanging], { clock: systemClock, deadlineMs: 1800 });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(stopSignal?.aborted, false);
  t.mock.timers.tick(1800);
  const samples = await result;
  assert.deepEqual(successOf(samples), { redis: 1, cassandra: 0 });
  assert.equal(stopSignal?.aborted, true);
  const duration = samples.find(
    (s) => s.name === 'butterfly_exporter_collector_duration_seconds' && s.labels.collector === 'cassandra',
  );
  assert.equal(duration?.value, 1.8);
});
