import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, tenant, type TestPlatform } from '../../harness/platform.ts';

// PERCEPTION in the whole embedded platform: signals reach CAPSULE through the outbox for real.

export let platform: TestPlatform;

/** GET from PERCEPTION as a tenant. */
export const get = (path: string, tenantId: string) =>
  platform.call('perception', 'GET', path, undefined, tenant(tenantId));

export function signalBody(rimNodeId: string, overrides: Record<string, unknown> = {}) {
  return {
    signalType: 'price-tick',
    source: 'perception.test.ts',
    rimNodeId,
    payload: { bid: 1.0812, ask: 1.0814 },
    metadata: { region: 'eu' },
    ...overrides,
  };
}

export function outcomeBody(actionId: string, rimNodeId: string, overrides: Record<string, unknown> = {}) {
  return {
    actionId,
    rimNodeId,
    toolId: 'hedge-position',
    outcomeStatus: 'SUCCESS',
    planId: 'plan-1',
    completedAt: new Date().toISOString(),
    ...overrides,
  };
}

export async function sendSignal(
  rimNodeId: string,
  tenantId = 'perc-a',
  overrides: Record<string, unknown> = {},
) {
  const response = await platform.call(
    'perception',
    'POST',
    '/api/v1/signals',
    signalBody(rimNodeId, overrides),
    tenant(tenantId),
  );
  assert.equal(response.status, 202, JSON.stringify(response.body));
  return response.body as { signalId: string; rimNodeId: string; status: string; receivedAt: string };
}

export interface NodeStateView {
  rimNodeId: string;
  status: string;
  capsuleId: string;
  lastSignalAt: string;
  lastSignalId: string;
  lastOutcome: unknown;
}

export const fieldsOf = (body: { error: { details: { issues: { field: string }[] } } }): string[] =>
  body.error.details.issues.map((issue) => issue.field);

/** Starts what these tests share before them and stops it after. */
export function usePerceptionPlatform(): void {
  before(async () => {
    platform = await startTestPlatform();
  });
  after(async () => {
    await platform?.stop();
  });
}
