import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../kit/time/index.ts';
import { DurableOutbox } from './durable-outbox.ts';
import { OutboxRelay } from './outbox-relay.ts';

const message = (key: string, now = 1000) => ({
  topic: 'announce',
  key,
  payload: { key },
  tenant: 't',
  correlationId: 'c',
  now,
});

test('delivers in order, stops at the first failure and keeps the rest for the next drain', async () => {
  const outbox = new DurableOutbox(':memory:');
  for (const key of ['a', 'b', 'c']) outbox.enqueue(message(key));
  const seen: string[] = [];
  let failOn: string | undefined = 'b';
  const relay = new OutboxRelay({
    outbox,
    topic: 'announce',
    clock: systemClock,
    intervalMs: 10,
    deliver: async (entry) => {
      if (entry.key === failOn) throw new Error('peer down');
      seen.push(entry.key);
    },
  });
  assert.equal(await relay.drain(), 1);
  assert.deepEqual(seen, ['a']);
  assert.equal(relay.stats().depth, 2);
  assert.equal(outbox.peek('announce', 10)[0]?.lastError, 'peer down');
  failOn = undefined;
  assert.equal(await relay.drain(), 2);
  assert.deepEqual(seen, ['a', 'b', 'c']);
  assert.equal(relay.stats().depth, 0);
});

test('a duplicate key is queued once', () => {
  const outbox = new DurableOutbox(':memory:');
  assert.equal(outbox.enqueue(message('a')), true);
  assert.equal(outbox.enqueue(message('a')), false);
  assert.equal(outbox.stats('announce', 1000).depth, 1);
});

test('queued messages survive closing and reopening the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  try {
    const path = join(dir, 'outbox.sqlite');
    const first = new DurableOutbox(path);
    first.enqueue(message('kept', 500));
    first.close();
    const second = new DurableOutbox(path);
    assert.deepEqual(
      second.peek('announce', 10).map((e) => e.key),
      ['kept'],
    );
    assert.deepEqual(second.stats('announce', 2500), { depth: 1, oldestAgeMs: 2000 });
    second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the background loop backs off after failures and resumes at the normal pace after a success', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  t.mock.method(Math, 'random', () => 1);
  const outbox = new DurableOutbox(':memory:');
  outbox.enqueue(message('x'));
  let attempts = 0;
  let healthy = false;
  const relay = new OutboxRelay({
    outbox,
    topic: 'announce',
    clock: systemClock,
    intervalMs: 100,
    maxBackoffMs: 1000,
    deliver: async () => {
      attempts += 1;
      if (!healthy) throw new Error('down');
    },
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  relay.start();
  t.mock.timers.tick(0);
  await settle();
  assert.equal(attempts, 1);
  t.mock.timers.tick(199); // after one failure the pause is 100 * 2^1 = 200ms
  await settle();
  assert.equal(attempts, 1);
  t.mock.timers.tick(1);
  await settle();
  assert.equal(attempts, 2);
  healthy = true;
  t.mock.timers.tick(400); // after two failures: 400ms
  await settle();
  assert.equal(attempts, 3);
  assert.equal(relay.stats().depth, 0);
  await relay.stop();
});

test('nudge drains at once instead of waiting for the interval', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const outbox = new DurableOutbox(':memory:');
  const delivered: string[] = [];
  const relay = new OutboxRelay({
    outbox,
    topic: 'announce',
    clock: systemClock,
    intervalMs: 10_000,
    deliver: async (entry) => {
      delivered.push(entry.key);
    },
  });
  relay.start();
  t.mock.timers.tick(0);
  await new Promise(setImmediate);
  outbox.enqueue(message('now'));
  relay.nudge();
  t.mock.timers.tick(0);
  await new Promise(setImmediate);
  assert.deepEqual(delivered, ['now']);
  await relay.stop();
});
