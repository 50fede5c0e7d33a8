import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, tenant, type Answer, type TestPlatform } from '../../harness/platform.ts';

// CAPSULE on its own. ODYSSEY is deliberately not started, so every announcement stays queued
// in the outbox and the queue can be checked exactly.

export let platform: TestPlatform;

export const call = (
  method: 'GET' | 'POST',
  url: string,
  options: { body?: unknown; tenant?: string; headers?: Record<string, string> } = {},
): Promise<Answer> =>
  platform.call('capsule', method, url, options.body, {
    ...(options.tenant ? tenant(options.tenant) : {}),
    ...options.headers,
  });

export function capsuleBody(
  scopeId: string,
  centerTsUtc = '2024-05-01T12:00:00Z',
  payload: unknown = { value: 1 },
) {
  return {
    header: {
      scope: { scopeId, description: 'integration test scope' },
      time: { centerTsUtc, deltaTSeconds: 60, horizonSeconds: 3600 },
      vantage: { mode: 'OBSERVER', observerId: 'capsule-test' },
    },
    configuration: { signalType: 'test', source: 'capsule.test.ts' },
    dynamics: { payload },
    meta: { purpose: 'test' },
  };
}

export const post = (body: unknown, options: { tenant?: string; key?: string } = {}) =>
  call('POST', '/api/v1/capsules', {
    body,
    ...(options.tenant ? { tenant: options.tenant } : {}),
    ...(options.key ? { headers: { 'x-idempotency-key': options.key } } : {}),
  });

/** The field names a 400 envelope reports. */
export function fields(answer: Answer): string[] {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, 'BFY_ERR_VALIDATION_FAILED');
  return (answer.body.error.details.issues as { field: string }[]).map((issue) => issue.field);
}

export const ids = (page: { content: { capsuleId: string }[] }) =>
  page.content.map((capsule) => capsule.capsuleId);

/** Starts what these tests share before them and stops it after. */
export function useCapsulePlatform(): void {
  before(async () => {
    platform = await startTestPlatform({ only: ['capsule'], env: { BUTTERFLY_LOG_LEVEL: 'silent' } });
  });
  after(async () => {
    await platform?.stop();
  });
}
