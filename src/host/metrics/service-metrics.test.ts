import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BreakerRegistry } from '../../resilience/breaker/index.ts';
import { createServiceMetrics } from './service-metrics.ts';

const ok = async (): Promise<string> => 'ok';
const boom = async (): Promise<string> => Promise.reject(new Error('boom'));

/** The value of one series in the exposition text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((pair) => l.includes(pair)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

async function scenario() {
  const breakers = new BreakerRegistry();
  const metrics = createServiceMetrics('odyssey', breakers);
  const breaker = breakers.get('capsule-client');
  await breaker.execute(ok);
  await breaker.execute(ok);
  for (let i = 0; i < 3; i += 1) await breaker.execute(boom).catch(() => {});
  await breaker.execute(ok).catch(() => {});
  return { breakers, metrics, breaker };
}

test('state: one series per state, 1 for the current one', async () => {
  const { metrics } = await scenario();
  const text = await metrics.registry.metrics();
  const states = ['closed', 'open', 'half_open', 'forced_open', 'forced_closed'];
  const values = states.map((state) =>
    sample(text, 'resilience4j_circuitbreaker_state', { name: 'capsule-client', state }),
  );
  assert.deepEqual(values, [0, 1, 0, 0, 0]);
});

test('calls_total is a counter of successful, failed and not_permitted calls that a reset does not lower', async () => {
  const { metrics, breaker } = await scenario();
  let text = await metrics.registry.metrics();
  assert.match(text, /^# TYPE resilience4j_circuitbreaker_calls_total counter$/m);
  const calls = (kind: string) =>
    sample(text, 'resilience4j_circuitbreaker_calls_total', { name: 'capsule-client', kind });
  assert.deepEqual([calls('successful'), calls('failed'), calls('not_permitted')], [2, 3, 1]);
  breaker.reset();
  await breaker.execute(ok);
  text = await metrics.registry.metrics();
  assert.deepEqual([calls('successful'), calls('failed'), calls('not_permitted')], [3, 3, 1]);
  assert.doesNotMatch(text, /^resilience4j_circuitbreaker_calls\{/m, 'the old gauge is gone');
});

test('failure rate and buffered calls describe the window; -1 before the minimum', async () => {
  const { metrics, breakers } = await scenario();
  breakers.get('plato-client');
  const text = await metrics.registry.metrics();
  assert.equal(sample(text, 'resilience4j_circuitbreaker_failure_rate', { name: 'capsule-client' }), 60);
  assert.equal(sample(text, 'resilience4j_circuitbreaker_failure_rate', { name: 'plato-client' }), -1);
  const buffered = (kind: string) =>
    sample(text, 'resilience4j_circuitbreaker_buffered_calls', { name: 'capsule-client', kind });
  assert.deepEqual([buffered('successful'), buffered('failed')], [2, 3]);
  assert.equal(
    sample(text, 'resilience4j_circuitbreaker_calls_total', { name: 'plato-client', kind: 'failed' }),
    0,
    'a breaker with no calls yet still has its series',
  );
});

test('degraded answers are counted per reason, with the service label', async () => {
  const { metrics } = await scenario();
  metrics.degraded.inc({ reason: 'capsule-partitioned' });
  metrics.degraded.inc({ reason: 'capsule-partitioned' });
  const text = await metrics.registry.metrics();
  assert.equal(
    sample(text, 'butterfly_degraded_responses_total', { reason: 'capsule-partitioned', service: 'odyssey' }),
    2,
  );
});
