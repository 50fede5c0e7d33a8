import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../../harness/platform.ts';
import { perception, limited, act, get, useSynapsePlatform } from './synapse-platform.ts';

useSynapsePlatform();

describe('outcomes to PERCEPTION', () => {
  test('an action with a RIM node is reported through the outbox; one without is not', async () => {
    const withNode = await act(
      {
        toolId: 'noop.echo',
        parameters: {},
        executionMode: 'EXECUTE',
        rimNodeId: 'rim:test:outcome',
        planId: 'plan-o',
      },
      'acme',
      {
        'x-correlation-id': 'corr-outcome-1',
      },
    );
    const withoutNode = await act({
      toolId: 'noop.echo',
      parameters: { silent: true },
      executionMode: 'EXECUTE',
    });
    const report = await eventually(
      async () => perception.requests.find((r) => r.body?.actionId === withNode.body.actionId),
      5000,
      'outcome report',
    );
    assert.equal(report.method, 'POST');
    assert.equal(report.url, '/api/v1/outcomes');
    assert.equal(report.headers['x-tenant-id'], 'acme');
    assert.equal(report.headers['x-correlation-id'], 'corr-outcome-1');
    assert.deepEqual(report.body, {
      actionId: withNode.body.actionId,
      rimNodeId: 'rim:test:outcome',
      toolId: 'noop.echo',
      outcomeStatus: 'SUCCESS',
      planId: 'plan-o',
      completedAt: withNode.body.completedAt,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(
      perception.requests.some((r) => r.body?.actionId === withoutNode.body.actionId),
      false,
    );
    const health = await get('/actuator/health');
    assert.equal(health.body.components.outbox.details['perception-outcomes'].depth, 0);
  });
});

describe('rate limit', () => {
  test('past the per-tenant limit: 429 with Retry-After and X-RateLimit-*, other tenants unaffected', async () => {
    const post = (tenant: string) =>
      limited.app.inject({
        method: 'POST',
        url: '/api/v1/actions',
        headers: { 'x-tenant-id': tenant },
        payload: { toolId: 'noop.echo', parameters: {}, executionMode: 'DRY_RUN' },
      });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const ok = await post('small');
      assert.equal(ok.statusCode, 200);
      remaining.push(String(ok.headers['x-ratelimit-remaining']));
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const refused = await post('small');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'BFY_ERR_RATE_LIMITED');
    assert.equal(refused.json().error.details.limiter, 'local');
    assert.equal(refused.headers['x-ratelimit-limit'], '3');
    assert.equal(refused.headers['x-ratelimit-remaining'], '0');
    const reset = Number(refused.headers['x-ratelimit-reset']);
    assert.ok(reset > 0 && reset <= 60, `reset ${reset}`);
    assert.equal(refused.headers['retry-after'], String(reset));
    assert.equal(refused.headers['x-ratelimit-limiter'], 'local');
    const invalid = await limited.app.inject({
      method: 'POST',
      url: '/api/v1/actions',
      headers: { 'x-tenant-id': 'small' },
      payload: { nonsense: true },
    });
    assert.equal(invalid.statusCode, 429, 'counted before validation');
    assert.equal((await post('roomy')).statusCode, 200);
    const reads = await limited.app.inject({
      method: 'GET',
      url: '/api/v1/actions',
      headers: { 'x-tenant-id': 'small' },
    });
    assert.equal(reads.statusCode, 200, 'reads are not limited');
  });
});
