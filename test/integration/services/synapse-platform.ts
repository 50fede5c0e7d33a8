import { after, before } from 'node:test';
import { fakePeer } from '../../harness/fake-peer.ts';
import { startTestPlatform, tenant as tenantHeader, type TestPlatform } from '../../harness/platform.ts';
import type { RunningService } from '../../../src/host/index.ts';

// SYNAPSE with a real PLATO. CAPSULE and PERCEPTION are fakes: the tests decide what CAPSULE
// answers and check what each of them received.

let capsuleStatus = 201;

/** What the fake CAPSULE answers from now on. */
export function answerCapsuleWith(status: number): void {
  capsuleStatus = status;
}

export let capsuleCount = 0;

export const capsule = await fakePeer((request) => {
  if (capsuleStatus >= 300)
    return { status: capsuleStatus, body: { error: { code: 'X', message: 'capsule says no' } } };
  capsuleCount += 1;
  return { status: 201, body: { capsuleId: `caps-${capsuleCount}`, ...request.body } };
});

export const perception = await fakePeer(() => ({ status: 202, body: { accepted: true, duplicate: false } }));

export let platform: TestPlatform;

/** A second SYNAPSE with a limit of 3 per minute, driven through inject(). */
export let limitedPlatform: TestPlatform;

export let limited: RunningService;

export const act = (body: unknown, tenant = 'acme', headers: Record<string, string> = {}) =>
  platform.call('synapse', 'POST', '/api/v1/actions', body, { ...tenantHeader(tenant), ...headers });

export const get = (path: string, tenant = 'acme') =>
  platform.call('synapse', 'GET', path, undefined, tenantHeader(tenant));

export const issues = (body: any): Record<string, string> =>
  Object.fromEntries(body.error.details.issues.map((i: any) => [i.field, i.message]));

/** Starts what these tests share before them and stops it after. */
export function useSynapsePlatform(): void {
  before(async () => {
    const env = {
      BUTTERFLY_LOG_LEVEL: 'error',
      BUTTERFLY_CAPSULE_URL: capsule.url,
      BUTTERFLY_PERCEPTION_URL: perception.url,
    };
    // Started together: opening each embedded database is most of the start-up time.
    [platform, limitedPlatform] = await Promise.all([
      startTestPlatform({ only: ['plato', 'synapse'], env }),
      startTestPlatform({ only: ['synapse'], env: { ...env, BUTTERFLY_RATE_LIMIT_PER_MINUTE: '3' } }),
    ]);
    limited = limitedPlatform.services.synapse;
  });
  after(async () => {
    await Promise.all([platform?.stop(), limitedPlatform?.stop()]);
    await Promise.all([capsule.close(), perception.close()]);
  });
}
