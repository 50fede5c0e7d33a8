import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../../src/kit/time/index.ts';
import type { Fault } from '../../../src/chaos/spec/experiment.ts';
import { cleanupLocal, stateTag } from '../../../src/chaos/local/index.ts';
import { injectLocal } from '../../../src/chaos/kinds/index.ts';
import { markedProcesses } from '../../../src/chaos/local/process/chaos-process.ts';
import { readProcess } from '../../../src/chaos/local/process/process-table.ts';
import {
  TEST_ENGINE_UID,
  anySelector,
  assertNothingLeft,
  chaosPod,
  stateDirFor,
  writeTestCluster,
  type TestPod,
} from './chaos-local-harness.ts';

const engine: TestPod = { name: 'engine-0', address: '127.0.9.141', port: 18141, uid: TEST_ENGINE_UID };
const MiB = 1024 * 1024;

test('stress burns CPU and holds memory for the pod, as its uid, until recovered', async (t) => {
  const stateDir = stateDirFor(t);
  t.after(() => cleanupLocal(stateDir));
  writeTestCluster(stateDir, [engine]);
  const fault: Fault = {
    kind: 'StressChaos',
    selector: anySelector,
    cpu: { workers: 1, load: 60 },
    memory: { workers: 2, sizeBytes: 128 * MiB },
  };
  const active = await injectLocal(fault, [chaosPod(engine)], [], { stateDir, clock: systemClock });
  const workers = markedProcesses(`--bfy-chaos=${stateTag(stateDir)}:`);
  assert.equal(workers.length, 3, 'one cpu worker and two memory workers');
  for (const worker of workers) assert.equal(readProcess(worker.pid)?.uid, TEST_ENGINE_UID);
  const bites = await active.proveBites();
  assert.ok(bites.ok, bites.detail);
  assert.match(bites.detail, /memory worker \d+: \+(5[89]|6\d|[7-9]\d|\d{3,}) MiB resident \(asked 64 MiB\)/);

  await active.recover();
  const gone = await active.proveGone();
  assert.ok(gone.ok, gone.detail);
  await assertNothingLeft(stateDir);
});

test('a stress worker stops by itself when the duration has passed, should nobody recover it', async (t) => {
  const stateDir = stateDirFor(t);
  t.after(() => cleanupLocal(stateDir));
  writeTestCluster(stateDir, [engine]);
  await injectLocal(
    { kind: 'StressChaos', selector: anySelector, durationMs: 200, cpu: { workers: 1, load: 10 } },
    [chaosPod(engine)],
    [],
    { stateDir, clock: systemClock },
  );
  const [worker] = markedProcesses(`--bfy-chaos=${stateTag(stateDir)}:`);
  assert.ok(worker);
  // The worker's own deadline is the duration plus 5 s of grace for the runner to recover it first.
  for (let waited = 0; readProcess(worker.pid)?.startTicks === worker.startTicks; waited += 250) {
    assert.ok(waited < 10_000, 'the worker should have stopped');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const { removed } = await cleanupLocal(stateDir);
  assert.equal(removed.length, 1, 'cleanup still closes the journal entry');
  await assertNothingLeft(stateDir);
});
