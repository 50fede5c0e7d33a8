import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { platform, call, capsuleBody, post, useCapsulePlatform } from './capsule-platform.ts';

useCapsulePlatform();

describe('announcements to ODYSSEY', () => {
  test('every stored capsule waits in the outbox while ODYSSEY is unreachable, shown in health and metrics', async () => {
    const before = await call('GET', '/actuator/health/outbox');
    const stored = await post(capsuleBody('rim:capsule-test:outbox'));
    const afterWrite = await call('GET', '/actuator/health/outbox');
    assert.equal(afterWrite.status, 200);
    assert.equal(afterWrite.body.status, 'UP');
    assert.equal(afterWrite.body.details.depth, before.body.details.depth + 1);
    assert.equal(afterWrite.body.details.delivered, 0);
    assert.ok(afterWrite.body.details.oldestAgeSeconds >= 0);
    // A replay while the first announcement is still queued does not queue a second one.
    const key = 'outbox-replay';
    await post(capsuleBody('rim:capsule-test:outbox', undefined, 2), { key });
    await post(capsuleBody('rim:capsule-test:outbox', undefined, 2), { key });
    const afterReplay = await call('GET', '/actuator/health/outbox');
    assert.equal(afterReplay.body.details.depth, afterWrite.body.details.depth + 1);
    assert.ok(stored.body.capsuleId);

    const metrics = await platform.services.capsule.app.inject({
      method: 'GET',
      url: '/actuator/prometheus',
    });
    const depth = /^butterfly_outbox_depth\{topic="odyssey-announcements"[^}]*\} (\d+)$/m.exec(metrics.body);
    assert.ok(depth, metrics.body);
    assert.ok(Number(depth[1]) >= afterReplay.body.details.depth);
    assert.match(
      metrics.body,
      /^butterfly_outbox_oldest_age_seconds\{topic="odyssey-announcements"[^}]*\} [\d.]+$/m,
    );
  });

  test('a backlog never makes CAPSULE unready', async () => {
    const readiness = await call('GET', '/actuator/health/readiness');
    assert.equal(readiness.status, 200);
    assert.equal(readiness.body.components.outbox, undefined);
  });
});

test('the OpenAPI document publishes every CAPSULE endpoint', async () => {
  const doc = await call('GET', '/v3/api-docs');
  assert.equal(doc.status, 200);
  assert.ok(doc.body.paths['/api/v1/capsules'].post);
  assert.ok(doc.body.paths['/api/v1/capsules'].get);
  assert.ok(doc.body.paths['/api/v1/capsules/{capsuleId}'].get);
  assert.ok(doc.body.paths['/api/v1/history'].get);
});
