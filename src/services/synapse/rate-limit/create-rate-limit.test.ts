import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadServiceConfig } from '../../../kit/config/index.ts';
import { HealthRegistry } from '../../../kit/health/index.ts';
import { createServiceMetrics } from '../../../host/metrics/index.ts';
import type { ServiceContext } from '../../../host/index.ts';
import { systemClock } from '../../../kit/time/index.ts';
import { BreakerRegistry, DEFAULT_BREAKER_OPTIONS } from '../../../resilience/breaker/index.ts';
import { createRateLimit, observedRateLimit } from './create-rate-limit.ts';
import { LocalRateLimit } from './local-rate-limit.ts';
import type { RateLimit } from './rate-limit.ts';

function contextFor(env: Record<string, string>) {
  const breakers = new BreakerRegistry(DEFAULT_BREAKER_OPTIONS);
  const logged: string[] = [];
  const log = {
    info: (_: unknown, message: string) => logged.push(message),
    warn: (_: unknown, message: string) => logged.push(message),
  };
  const context = {
    config: loadServiceConfig('synapse', env),
    health: new HealthRegistry(1000),
    breakers,
    metrics: createServiceMetrics('synapse', breakers),
    clock: systemClock,
    log,
    peer: () => {
      throw new Error('no peers here');
    },
  } as unknown as ServiceContext;
  return { context, logged };
}

test('the embedded profile limits in process, with no redis component', () => {
  const { context } = contextFor({ BUTTERFLY_PROFILE: 'embedded' });
  const hooks: (() => Promise<void>)[] = [];
  assert.ok(createRateLimit(context, (hook) => hooks.push(hook)) instanceof LocalRateLimit);
  assert.equal(context.health.has('redis'), false);
  assert.equal(hooks.length, 0);
});

test('the local profile limits through Redis, registers the redis component and closes it', async () => {
  // A closed loopback port: the client fails to connect at once and the insurance answers.
  const { context } = contextFor({ BUTTERFLY_PROFILE: 'local', BUTTERFLY_REDIS_NODES: '127.0.0.1:1' });
  const hooks: (() => Promise<void>)[] = [];
  const limit = createRateLimit(context, (hook) => hooks.push(hook));
  try {
    assert.equal(context.health.has('redis'), true);
    assert.equal((await limit.consume('acme')).state.limiter, 'local');
  } finally {
    for (const hook of hooks) await hook();
  }
  assert.equal(hooks.length, 1);
});

test('decisions are counted by limiter; local ones are degraded answers; switches are logged once', async () => {
  const { context, logged } = contextFor({});
  const answers: ('redis' | 'local')[] = ['redis', 'local', 'local', 'redis'];
  const fake: RateLimit = {
    consume: async () => ({
      allowed: true,
      state: { limit: 5, remaining: 4, resetSeconds: 60, limiter: answers.shift()! },
    }),
  };
  const limit = observedRateLimit(fake, context);
  for (let i = 0; i < 4; i++) await limit.consume('acme');
  const text = await context.metrics.registry.metrics();
  assert.match(
    text,
    /synapse_rate_limit_decisions_total\{limiter="redis",allowed="true",service="synapse"\} 2/,
  );
  assert.match(
    text,
    /synapse_rate_limit_decisions_total\{limiter="local",allowed="true",service="synapse"\} 2/,
  );
  assert.match(text, /butterfly_degraded_responses_total\{reason="rate-limit-local",service="synapse"\} 2/);
  assert.deepEqual(logged, [
    'Redis unavailable: rate limits are enforced per instance (local limiter)',
    'rate limits are shared through Redis again',
  ]);
});
