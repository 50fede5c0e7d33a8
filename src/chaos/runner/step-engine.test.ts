import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../report/index.ts';
import type { Fault, Step } from '../spec/index.ts';
import type { HttpAnswer } from '../verdict/index.ts';
import { runStepTree } from './step-engine.ts';
import type { StepOf, StepRuntime, TaskResult } from './step-runtime.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';

const source = { file: 'x.yaml', line: 1 };
const selector = {
  namespaces: [],
  labelSelectors: { app: 'capsule' },
  fieldSelectors: {},
  pods: {},
  mode: 'all' as const,
};
const partition: Fault = { kind: 'NetworkChaos', action: 'partition', selector, direction: 'both' };

const serial = (name: string, children: Step[], deadlineMs?: number): Step => ({
  type: 'Serial',
  name,
  children,
  source,
  ...(deadlineMs !== undefined ? { deadlineMs } : {}),
});
const parallel = (name: string, children: Step[]): Step => ({ type: 'Parallel', name, children, source });
const suspend = (name: string, deadlineMs: number): Step => ({ type: 'Suspend', name, deadlineMs, source });
const task = (name: string, deadlineMs?: number): Step => ({
  type: 'Task',
  name,
  command: ['/bin/sh', '-c', name],
  source,
  ...(deadlineMs !== undefined ? { deadlineMs } : {}),
});
const faultStep = (name: string, fault: Fault, deadlineMs?: number): Step => ({
  type: 'Fault',
  name,
  fault,
  source,
  ...(deadlineMs !== undefined ? { deadlineMs } : {}),
});
const check = (name: string, over: Partial<StepOf<'StatusCheck'>> = {}): Step => ({
  type: 'StatusCheck',
  name,
  source,
  mode: 'Synchronous',
  intervalMs: 1000,
  timeoutMs: 500,
  failureThreshold: 3,
  successThreshold: 2,
  abortWithStatusCheck: false,
  http: { url: `http://svc/${name}`, method: 'GET', headers: {}, statusCodes: [200] },
  ...over,
});

/** A fake world: tasks take 1 s and exit as told, URLs answer as told, faults are recorded. */
function fakeRuntime(
  options: { tasks?: Record<string, number>; answers?: (url: string, at: number) => number } = {},
) {
  const clock = new ManualClock(0);
  const events: RunEvent[] = [];
  const log: string[] = [];
  const runtime: StepRuntime = {
    clock,
    defaultFaultMs: 60_000,
    onEvent: (event) => events.push(event),
    onFaultWindow: (change, at) => log.push(`${change}@${at}`),
    inject: async (step) => {
      log.push(`inject ${step.name}@${clock.now()}`);
      if (step.name === 'broken') throw new Error('no pod matches app=nothing');
      return {
        description: `${step.name} fault`,
        differences: ['partition by iptables, not Chaos Mesh’s tc'],
        proveBites: async () => ({ ok: true, detail: 'connect 127.0.1.2 → 127.0.1.3 refused' }),
        recover: async () => void log.push(`recover ${step.name}@${clock.now()}`),
        proveGone: async () => ({ ok: true, detail: 'no BFY rule left' }),
      };
    },
    runTask: async (step, signal): Promise<TaskResult> => {
      log.push(`task ${step.name}@${clock.now()}`);
      try {
        await clock.sleep(1000, signal);
      } catch {
        return { exitCode: null, output: 'killed' };
      }
      return { exitCode: options.tasks?.[step.name] ?? 0, output: `${step.name} output` };
    },
    http: async (request): Promise<HttpAnswer> => ({
      status: options.answers?.(request.url, clock.now()) ?? 200,
      headers: {},
      body: undefined,
    }),
  };
  return { clock, runtime, events, log };
}

test('Serial runs in order, Parallel together, Suspend waits; a fault lasts its deadline and is proven', async () => {
  const { clock, runtime, events, log } = fakeRuntime();
  const tree = serial('root', [
    task('seed'),
    parallel('partition-and-verify', [
      faultStep('partition', partition, 30_000),
      serial('verify', [suspend('wait', 5000), task('check')]),
    ]),
    task('after'),
  ]);
  const result = await clock.until(runStepTree(tree, runtime));
  assert.deepEqual(log, [
    'task seed@0',
    'injecting@1000',
    'inject partition@1000',
    'injected@1000',
    'task check@6000',
    'recover partition@31000',
    'removed@31000',
    'task after@31000',
  ]);
  assert.deepEqual(result.failures, []);
  assert.equal(result.aborted, false);
  assert.deepEqual(result.faults, [
    {
      step: 'partition',
      description: 'partition fault',
      bites: { ok: true, detail: 'connect 127.0.1.2 → 127.0.1.3 refused' },
      gone: { ok: true, detail: 'no BFY rule left' },
    },
  ]);
  assert.deepEqual(result.differences, ['partition by iptables, not Chaos Mesh’s tc']);
  const kinds = events.filter((e) => e.step === 'partition').map((e) => e.kind);
  assert.deepEqual(kinds, [
    'step-start',
    'fault-injected',
    'fault-bites',
    'fault-removed',
    'fault-gone',
    'step-end',
  ]);
  assert.equal(clock.now(), 32_000);
});

test('a fault whose duration is shorter than its deadline recovers at the duration; the node ends at the deadline', async () => {
  const { clock, runtime, log } = fakeRuntime();
  await clock.until(
    runStepTree(
      serial('root', [faultStep('p', { ...partition, durationMs: 10_000 }, 40_000), task('t')]),
      runtime,
    ),
  );
  assert.deepEqual(log, [
    'injecting@0',
    'inject p@0',
    'injected@0',
    'recover p@10000',
    'removed@10000',
    'task t@40000',
  ]);
});

test('a pod-kill is instantaneous; a pod-failure without duration or deadline lasts the default', async () => {
  const kill: Fault = { kind: 'PodChaos', action: 'pod-kill', selector };
  const hold: Fault = { kind: 'PodChaos', action: 'pod-failure', selector };
  const { clock, runtime, log } = fakeRuntime();
  await clock.until(runStepTree(serial('root', [faultStep('kill', kill), faultStep('hold', hold)]), runtime));
  assert.deepEqual(log, [
    'injecting@0',
    'inject kill@0',
    'injected@0',
    'recover kill@0',
    'removed@0',
    'injecting@0',
    'inject hold@0',
    'injected@0',
    'recover hold@60000',
    'removed@60000',
  ]);
});

test('a Task that exits non-zero or outlives its deadline fails without stopping the workflow', async () => {
  const { clock, runtime, log } = fakeRuntime({ tasks: { bad: 3 } });
  const result = await clock.until(
    runStepTree(serial('root', [task('bad'), task('slow', 500), task('next')]), runtime),
  );
  assert.deepEqual(result.failures, [
    { step: 'bad', detail: 'exit 3: bad output', aborted: false },
    { step: 'slow', detail: 'killed at its deadline 500ms: killed', aborted: false },
  ]);
  assert.deepEqual(log, ['task bad@0', 'task slow@1000', 'task next@1500']);
});

test('a Synchronous StatusCheck passes at its success threshold, fails at its failure threshold', async () => {
  // /ok answers 200; /flaky answers 503 for the first 2.5 s and then 200; /down always 503.
  const answers = (url: string, at: number) =>
    url.endsWith('/ok') ? 200 : url.endsWith('/flaky') ? (at < 2500 ? 503 : 200) : 503;
  const { clock, runtime, events } = fakeRuntime({ answers });
  const result = await clock.until(
    runStepTree(serial('root', [check('ok'), check('flaky'), check('down')]), runtime),
  );
  const ends = events
    .filter((e) => e.kind === 'step-end' && e.step !== 'root')
    .map((e) => `${e.step}: ${e.detail}`);
  assert.deepEqual(ends, [
    'ok: 2 consecutive successes: HTTP 200 (1.0s)',
    'flaky: 2 consecutive successes: HTTP 200 (3.0s)',
    'down: FAILED: 3 consecutive failures of http://svc/down: HTTP 503, expected 200 (2.0s)',
  ]);
  assert.deepEqual(
    result.failures.map((f) => f.step),
    ['down'],
  );
  assert.equal(result.aborted, false);
});

test('a failing StatusCheck with abortWithStatusCheck stops the workflow and still recovers the fault', async () => {
  const { clock, runtime, log } = fakeRuntime({ answers: () => 500 });
  const tree = serial('root', [
    parallel('p', [
      faultStep('partition', partition, 60_000),
      serial('verify', [check('health', { abortWithStatusCheck: true }), task('never')]),
    ]),
    task('never-either'),
  ]);
  const result = await clock.until(runStepTree(tree, runtime));
  assert.equal(result.aborted, true);
  assert.deepEqual(result.failures, [
    {
      step: 'health',
      detail: '3 consecutive failures of http://svc/health: HTTP 500, expected 200',
      aborted: true,
    },
  ]);
  assert.deepEqual(log, [
    'injecting@0',
    'inject partition@0',
    'injected@0',
    'recover partition@2000',
    'removed@2000',
  ]);
  assert.equal(result.faults[0]!.gone?.ok, true);
});

test('a Continuous StatusCheck runs until its deadline; a Synchronous one without a verdict by then fails', async () => {
  const { clock, runtime, events } = fakeRuntime({ answers: (_url, at) => (at % 2000 === 0 ? 503 : 200) });
  const result = await clock.until(
    runStepTree(
      serial('root', [
        check('watch', { mode: 'Continuous', deadlineMs: 10_000 }),
        check('undecided', { deadlineMs: 5000, successThreshold: 3 }),
      ]),
      runtime,
    ),
  );
  const watchEnd = events.find((e) => e.kind === 'step-end' && e.step === 'watch')!;
  assert.match(watchEnd.detail, /^deadline 10.0s reached \(10.0s\)$/);
  assert.deepEqual(
    result.failures.map((f) => f.step),
    ['undecided'],
  );
  assert.match(result.failures[0]!.detail, /no verdict before the deadline/);
});

test('a Serial deadline ends its children; an injection that fails aborts the workflow', async () => {
  const { clock, runtime, log } = fakeRuntime();
  await clock.until(
    runStepTree(
      serial('root', [serial('short', [suspend('s', 60_000), task('cut')], 5000), task('t')]),
      runtime,
    ),
  );
  assert.deepEqual(log, ['task t@5000']);

  const broken = fakeRuntime();
  const result = await broken.clock.until(
    runStepTree(serial('root', [faultStep('broken', partition), task('never')]), broken.runtime),
  );
  assert.equal(result.aborted, true);
  assert.deepEqual(result.failures, [
    { step: 'broken', detail: 'injection failed: no pod matches app=nothing', aborted: true },
  ]);
  assert.deepEqual(broken.log, ['injecting@0', 'inject broken@0']);
});
