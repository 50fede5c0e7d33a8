import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthRegistry } from './registry.ts';
import type { HealthIndicator } from './indicator.ts';

const up = (name: string, readiness = true): HealthIndicator => ({
  name,
  readiness,
  check: async () => ({ status: 'UP', details: { name } }),
});

test('a hanging check reports DOWN within its budget instead of hanging the answer', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const registry = new HealthRegistry(2000);
  registry.add(up('ping'));
  registry.add({ name: 'db', readiness: true, check: () => new Promise(() => {}) });
  const pending = registry.all();
  await new Promise(setImmediate); // let the healthy check answer before the budget runs out
  t.mock.timers.tick(2000);
  const health = await pending;
  assert.equal(health.status, 'DOWN');
  assert.equal(health.components.db?.status, 'DOWN');
  assert.match(String(health.components.db?.details?.error), /no answer within 2000ms/);
  assert.equal(health.components.ping?.status, 'UP');
});

test('a check that throws is DOWN with the reason, not an error', async () => {
  const registry = new HealthRegistry(1000);
  registry.add({
    name: 'redis',
    readiness: false,
    check: async () => Promise.reject(new Error('ECONNREFUSED')),
  });
  const health = await registry.component('redis');
  assert.deepEqual(health, { status: 'DOWN', details: { error: 'ECONNREFUSED' } });
});

test('readiness holds only what the service cannot serve without; liveness is the process alone', async () => {
  const registry = new HealthRegistry(1000);
  registry.add(up('db'));
  registry.add({ name: 'redis', readiness: false, check: async () => ({ status: 'DOWN' }) });
  assert.equal((await registry.all()).status, 'DOWN');
  const readiness = await registry.group('readiness');
  assert.equal(readiness.status, 'UP');
  assert.deepEqual(Object.keys(readiness.components), ['db']);
  assert.equal((await registry.group('liveness')).status, 'UP');
});

test('names are unique', () => {
  const registry = new HealthRegistry(1000);
  registry.add(up('db'));
  assert.throws(() => registry.add(up('db')), /already registered/);
});
