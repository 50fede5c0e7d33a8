import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  startTestPlatform,
  tenant as tenantHeader,
  type Answer,
  type TestPlatform,
} from '../../harness/platform.ts';

// ODYSSEY with a real CAPSULE beside it (only the two: the orchestrated read calls CAPSULE
// live, and announcements flow from CAPSULE's outbox). Both listen on free loopback ports.

export let platform: TestPlatform;

export const call = (
  service: 'capsule' | 'odyssey',
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  tenant?: string,
): Promise<Answer> => platform.call(service, method, path, body, tenant ? tenantHeader(tenant) : {});

export function announcement(scopeId: string, centerTsUtc = '2024-05-01T12:00:00Z') {
  return {
    capsuleId: randomUUID(),
    scopeId,
    centerTsUtc,
    createdAt: '2024-05-01T12:00:01Z',
    vantageMode: 'OBSERVER',
    observerId: 'odyssey-test',
  };
}

export const announce = (body: unknown, tenant?: string) =>
  call('odyssey', 'POST', '/api/v1/capsule/announcements', body, tenant);

export function capsuleBody(scopeId: string, centerTsUtc: string) {
  return {
    header: {
      scope: { scopeId },
      time: { centerTsUtc, deltaTSeconds: 60, horizonSeconds: 3600 },
      vantage: { mode: 'OBSERVER', observerId: 'odyssey-test' },
    },
    configuration: {},
    dynamics: {},
  };
}

export function fields(answer: Answer): string[] {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, 'BFY_ERR_VALIDATION_FAILED');
  return (answer.body.error.details.issues as { field: string }[]).map((issue) => issue.field);
}

/** Starts what these tests share before them and stops it after. */
export function useOdysseyPlatform(): void {
  before(async () => {
    platform = await startTestPlatform({
      only: ['capsule', 'odyssey'],
      env: { BUTTERFLY_LOG_LEVEL: 'silent' },
    });
  });
  after(async () => {
    await platform?.stop();
  });
}
