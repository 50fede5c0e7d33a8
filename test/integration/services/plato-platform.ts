import { after, before } from 'node:test';
import {
  eventually,
  startTestPlatform,
  tenant as tenantHeader,
  type TestPlatform,
} from '../../harness/platform.ts';

// PLATO with a real SYNAPSE, and SYNAPSE's own peers (CAPSULE, PERCEPTION) beside them.

export let platform: TestPlatform;

export const post = (path: string, body: unknown, tenant = 'acme') =>
  platform.call('plato', 'POST', path, body, tenantHeader(tenant));

export const get = (path: string, tenant = 'acme') =>
  platform.call('plato', 'GET', path, undefined, tenantHeader(tenant));

export const actionsOf = (planId: string, tenant: string) =>
  platform.call('synapse', 'GET', `/api/v1/actions?planId=${planId}`, undefined, tenantHeader(tenant));

export const issues = (body: any): Record<string, any> =>
  Object.fromEntries(body.error.details.issues.map((i: any) => [i.field, i]));

export let unique = 0;

/** A fresh tenant per test keeps tests independent (policies apply tenant-wide). */
export const freshTenant = (label: string) => `${label}-${Date.now()}-${unique++}`;

export const policy = (overrides: Record<string, unknown> = {}) => ({
  namespace: 'risk',
  name: 'big-trades',
  policyType: 'RISK',
  rules: [
    {
      ruleId: 'big',
      condition: 'action.type == "TRADE" && action.parameters.amount > 1000',
      action: 'REQUIRE_APPROVAL',
    },
  ],
  scope: { actionTypes: ['TRADE'], rimNodePattern: 'rim:entity:finance:*' },
  ...overrides,
});

export const evaluation = (amount: number, rimNodeId = 'rim:entity:finance:EURUSD', type = 'TRADE') => ({
  rimNodeId,
  action: { type, parameters: { amount } },
  context: { env: 'prod' },
});

export const steps = (toolId = 'noop.echo') => [
  { name: 'check', action: { type: 'VALIDATE' }, dependsOn: [] },
  {
    name: 'act',
    action: { type: 'EXECUTE', toolId, parameters: { message: 'hello' } },
    dependsOn: ['check'],
  },
  { name: 'note', action: { type: 'RECORD', parameters: { note: 'done' } }, dependsOn: ['act'] },
];

export async function finished(planId: string, tenant: string) {
  return eventually(
    async () => {
      const plan = (await get(`/api/v1/plans/${planId}`, tenant)).body;
      return plan.status !== 'EXECUTING' && plan.status !== 'PENDING' ? plan : undefined;
    },
    10_000,
    `plan ${planId} finished`,
  );
}

/** Starts what these tests share before them and stops it after. */
export function usePlatoPlatform(): void {
  before(async () => {
    platform = await startTestPlatform({
      only: ['plato', 'synapse', 'capsule', 'perception'],
      env: { BUTTERFLY_LOG_LEVEL: 'error' },
    });
  });
  after(async () => {
    await platform?.stop();
  });
}
