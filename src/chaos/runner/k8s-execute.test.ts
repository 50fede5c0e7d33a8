import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { K8sChaosBackend } from '../k8s/index.ts';
import type { RunEvent } from '../report/index.ts';
import type { Experiment } from '../spec/index.ts';
import { k8sExecute } from './k8s-execute.ts';

const source = { file: 'x.yaml', line: 1 };
const experiment = {
  name: 'redis-failover/redis-master-kill',
  kind: 'PodChaos',
  root: { type: 'Suspend', name: 'x', deadlineMs: 1, source },
} as unknown as Experiment;

function backend(
  events: RunEvent[],
  result: { removed: boolean; outcome: 'finished' | 'timed-out' },
): K8sChaosBackend {
  return {
    run: async (_experiment, options) => {
      for (const event of events) options.onEvent(event);
      return { events, aborted: result.outcome !== 'finished', ...result };
    },
  };
}

test("Chaos Mesh's AllInjected and AllRecovered drive the fault window and the proofs", async () => {
  const window: string[] = [];
  const seen: string[] = [];
  const execute = k8sExecute(
    backend(
      [
        {
          at: 10,
          kind: 'fault-injected',
          step: 'redis-master-kill',
          detail: 'injected into butterfly/redis-0',
        },
        { at: 20, kind: 'fault-removed', step: 'redis-master-kill', detail: 'recovered butterfly/redis-0' },
      ],
      { removed: true, outcome: 'finished' },
    ),
    experiment,
    { environment: 'staging', force: false, timeoutMs: 60_000 },
  );
  const result = await execute(
    experiment.root,
    {
      onEvent: (event) => seen.push(event.kind),
      onFaultWindow: (change, at) => window.push(`${change}@${at}`),
    },
    new AbortController().signal,
  );
  assert.deepEqual(window, ['injected@10', 'removed@20']);
  assert.deepEqual(seen, ['fault-injected', 'fault-removed']);
  assert.deepEqual(result.failures, []);
  assert.equal(result.faults[0]?.bites?.ok, true);
  assert.equal(result.faults[0]?.gone?.ok, true);
});

test('a resource not confirmed deleted is not gone; a timed-out run is a failure', async () => {
  const execute = k8sExecute(
    backend([{ at: 10, kind: 'fault-injected', step: 'kill', detail: 'injected' }], {
      removed: false,
      outcome: 'timed-out',
    }),
    experiment,
    { environment: 'staging', force: false, timeoutMs: 1000 },
  );
  const result = await execute(
    experiment.root,
    { onEvent: () => undefined, onFaultWindow: () => undefined },
    new AbortController().signal,
  );
  assert.deepEqual(result.faults[0]?.gone, {
    ok: false,
    detail: 'the PodChaos resource was not confirmed deleted',
  });
  assert.deepEqual(result.failures, [
    { step: 'redis-failover/redis-master-kill', detail: 'the Kubernetes run timed-out', aborted: true },
  ]);
});
