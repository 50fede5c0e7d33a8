import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { connectivityCollector, type ServiceEndpoint } from './connectivity.ts';

const services: ServiceEndpoint[] = ['capsule', 'odyssey', 'nexus'].map((service, i) => ({
  service,
  address: `127.0.1.${i + 2}`,
  baseUrl: `http://127.0.1.${i + 2}:8080`,
}));

test('every ordered pair of distinct services is probed from the source address', async () => {
  const asked: string[] = [];
  const collector = connectivityCollector({
    services,
    clock: new ManualClock(0),
    probe: async (source, target) => {
      asked.push(`${source.address}->${target.baseUrl}`);
      return 200;
    },
  });
  const samples = await collector.collect(new AbortController().signal);
  assert.equal(asked.length, 6);
  assert.ok(asked.includes('127.0.1.2->http://127.0.1.3:8080'));
  assert.ok(!asked.some((pair) => pair === '127.0.1.2->http://127.0.1.2:8080'));
  const success = samples.filter((s) => s.name === 'probe_success');
  assert.equal(success.length, 6);
  assert.ok(success.every((s) => s.value === 1 && s.labels.job === 'blackbox-exporter'));
});

test('a partitioned pair, a 503 and a thrown probe are failures with their status codes', async () => {
  const collector = connectivityCollector({
    services,
    clock: new ManualClock(0),
    probe: async (source, target) => {
      if (source.service === 'capsule' && target.service === 'odyssey') return 0;
      if (target.service === 'nexus') return 503;
      if (source.service === 'odyssey') throw new Error('boom');
      return 200;
    },
  });
  const samples = await collector.collect(new AbortController().signal);
  const value = (name: string, source: string, target: string) =>
    samples.find((s) => s.name === name && s.labels.source === source && s.labels.target === target)?.value;
  assert.equal(value('probe_success', 'capsule', 'odyssey'), 0);
  assert.equal(value('probe_http_status_code', 'capsule', 'odyssey'), 0);
  assert.equal(value('probe_success', 'capsule', 'nexus'), 0);
  assert.equal(value('probe_http_status_code', 'capsule', 'nexus'), 503);
  assert.equal(value('probe_success', 'odyssey', 'capsule'), 0);
  assert.equal(value('probe_success', 'nexus', 'capsule'), 1);
});

test('probe_duration_seconds is the time from sending to the answer, on the injected clock', async () => {
  const clock = new ManualClock(10_000);
  const collector = connectivityCollector({
    services: services.slice(0, 2),
    clock,
    probe: async () => {
      await clock.advance(1500);
      return 200;
    },
  });
  const durations = (await collector.collect(new AbortController().signal)).filter(
    (s) => s.name === 'probe_duration_seconds',
  );
  assert.deepEqual(
    durations.map((s) => s.value),
    [1.5, 1.5],
  );
});
