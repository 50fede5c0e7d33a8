import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../kit/time/testing/index.ts';
import type { ChaosResourceRef } from './chaos-resource.ts';
import { chaosMeshRuntime, type ChaosObjects } from './chaos-mesh-runtime.ts';
import type { KubeObject, ProgressEvent } from './kube-object.ts';

const REF: ChaosResourceRef = {
  kind: 'NetworkChaos',
  plural: 'networkchaos',
  namespace: 'butterfly',
  name: 'cut',
};

/** An API server holding one object; a delete removes it after `finalizerReads` more reads. */
function fakeApi(finalizerReads: number) {
  let stored: KubeObject | undefined;
  let reads = 0;
  let deleted = false;
  const calls: string[] = [];
  const api: ChaosObjects = {
    create: async (_ref, manifest) => {
      calls.push('create');
      stored = { ...manifest, metadata: { name: 'cut', uid: 'u-1' } };
      return stored;
    },
    get: async () => {
      calls.push('get');
      if (deleted && reads++ >= finalizerReads) stored = undefined;
      return stored;
    },
    delete: async () => {
      calls.push('delete');
      deleted = true;
    },
  };
  const inject = (status: string) => {
    stored = { ...stored, status: { conditions: [{ type: 'AllInjected', status }] } };
  };
  return { api, calls, inject };
}

test('apply, prove it bites, recover, prove it is gone: the one fault interface on Chaos Mesh', async () => {
  const clock = new ManualClock();
  const { api, calls, inject } = fakeApi(2);
  const events: ProgressEvent[] = [];
  const runtime = chaosMeshRuntime(api, { clock, deleteTimeoutMs: 10_000, pollIntervalMs: 1000 });
  const fault = await runtime.apply({
    ref: REF,
    manifest: { kind: 'NetworkChaos' },
    emit: (e) => events.push(e),
  });
  const start = clock.now();
  assert.equal(fault.id, 'u-1');
  assert.equal((await fault.proveBites()).ok, false, 'not AllInjected yet');
  inject('True');
  assert.deepEqual(await fault.proveBites(), {
    ok: true,
    detail: 'Chaos Mesh reports AllInjected on NetworkChaos butterfly/cut',
  });
  await clock.until(fault.recover());
  assert.equal(clock.now() - start, 2000, 'two polls a second apart until the finalizer let go');
  await fault.recover();
  assert.equal(calls.filter((c) => c === 'delete').length, 1, 'a second recover deletes nothing more');
  assert.equal((await fault.proveGone()).ok, true);
  assert.deepEqual(events, []);
});

test('a finalizer that holds the object past the deadline: recover says why, gone is not proven', async () => {
  const clock = new ManualClock();
  const { api } = fakeApi(Infinity);
  const events: ProgressEvent[] = [];
  const runtime = chaosMeshRuntime(api, { clock, deleteTimeoutMs: 3000, pollIntervalMs: 1000 });
  const fault = await runtime.apply({ ref: REF, manifest: {}, emit: (e) => events.push(e) });
  await clock.until(fault.recover());
  assert.equal((await fault.proveGone()).ok, false);
  assert.match(events[0]?.detail ?? '', /still present 3.0s after deletion/);
});
