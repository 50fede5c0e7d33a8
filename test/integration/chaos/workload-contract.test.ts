// The chaos workloads against the real services (embedded, in-process): each kind's writes are
// accepted as the service's contract says, and read back by id and by scope with nothing lost,
// doubled or unexpected. Needs no engines.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { httpCall } from '../../../src/chaos/verdict/http-call.ts';
import {
  readBackLedger,
  startWorkload,
  workloadTarget,
  type Send,
} from '../../../src/chaos/workload/index.ts';
import type { WorkloadKind } from '../../../src/chaos/spec/experiment.ts';
import type { ServiceName } from '../../../src/kit/platform/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { startTestPlatform, type TestPlatform } from '../../harness/platform.ts';

let platform: TestPlatform;

before(async () => {
  platform = await startTestPlatform({ only: ['capsule', 'synapse', 'plato'] });
});

after(async () => {
  await platform.stop();
});

const KINDS: [WorkloadKind, ServiceName, number][] = [
  ['capsule-writes', 'capsule', 201],
  ['synapse-actions', 'synapse', 200],
  ['plato-policies', 'plato', 201],
];

for (const [kind, service, status] of KINDS) {
  test(`${kind}: every write acknowledged with ${status} is read back by id and by scope`, async () => {
    const target = workloadTarget(kind, `contract-${service}`, () => Date.now());
    const send: Send = (request) =>
      httpCall((url, init) => fetch(url, init), systemClock, {
        method: request.method,
        url: `${platform.urls[service]}${request.path}`,
        headers: { 'x-tenant-id': 'chaos-contract', ...request.headers },
        ...(request.body !== undefined ? { body: request.body } : {}),
        timeoutMs: 5000,
      });
    const workload = startWorkload({
      target,
      send,
      clock: systemClock,
      ratePerSecond: 20,
      keyPrefix: `contract-${service}`,
    });
    // Run until ten writes were answered (however slow the machine), not for a fixed time.
    for (let waited = 0; workload.samples.length < 10 && waited < 60_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await workload.stop();
    assert.ok(workload.samples.length >= 10, `ten writes answered, got ${workload.samples.length}`);
    assert.deepEqual(new Set(workload.samples.map((sample) => sample.status)), new Set([status]));
    const result = await readBackLedger(
      { ...workload, target, send },
      { clock: systemClock, patienceMs: 2000, intervalMs: 200 },
    );
    assert.deepEqual(result, {
      acknowledged: workload.samples.length,
      lost: [],
      duplicated: [],
      unexpected: [],
    });
  });
}
