import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { DurableOutbox } from './durable-outbox.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { outboxHealth, registerOutboxGauges } from './outbox-telemetry.ts';

const clock = new ManualClock(5000);

function relayWith(topic: string, enqueuedAt: number[]): OutboxRelay {
  const outbox = new DurableOutbox(':memory:');
  enqueuedAt.forEach((now, n) =>
    outbox.enqueue({ topic, key: `k${n}`, payload: {}, tenant: 't', correlationId: 'c', now }),
  );
  return new OutboxRelay({ outbox, topic, clock, intervalMs: 10, deliver: async () => {} });
}

test('health shows the totals and each topic, UP and outside readiness', async () => {
  const relays = {
    announcements: relayWith('announcements', [1000, 3000]),
    outcomes: relayWith('outcomes', [4000]),
  };
  const indicator = outboxHealth(relays);
  assert.equal(indicator.name, 'outbox');
  assert.equal(indicator.readiness, false);
  assert.deepEqual(await indicator.check(new AbortController().signal), {
    status: 'UP',
    details: {
      depth: 3,
      oldestAgeSeconds: 4,
      delivered: 0,
      consecutiveFailures: 0,
      announcements: { depth: 2, oldestAgeSeconds: 4, delivered: 0, consecutiveFailures: 0 },
      outcomes: { depth: 1, oldestAgeSeconds: 1, delivered: 0, consecutiveFailures: 0 },
    },
  });
});

test('the gauges read depth and oldest age per topic at scrape time', async () => {
  const registry = new Registry();
  registerOutboxGauges(registry, { announcements: relayWith('announcements', [2000]) });
  const text = await registry.metrics();
  assert.match(text, /^butterfly_outbox_depth\{topic="announcements"\} 1$/m);
  assert.match(text, /^butterfly_outbox_oldest_age_seconds\{topic="announcements"\} 3$/m);
});
