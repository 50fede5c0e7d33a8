import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Experiment, HttpProbe, Step } from '../spec/index.ts';
import type { HttpRequest, HttpAnswer } from '../verdict/index.ts';
import { runExperiment, type Execute } from './run-experiment.ts';
import { runStepTree } from './step-engine.ts';
import type { StepRuntime } from './step-runtime.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';

const source = { file: 'p.yaml', line: 1 };
const probe = (
  name: string,
  url: string,
  phases: HttpProbe['phases'],
  over: Partial<HttpProbe> = {},
): HttpProbe => ({
  name,
  url,
  method: 'GET',
  headers: {},
  statuses: [200],
  phases,
  ...over,
});

const root: Step = {
  type: 'Serial',
  name: 'root',
  source,
  children: [
    { type: 'Task', name: 'seed', command: ['true'], source },
    {
      type: 'Parallel',
      name: 'p',
      source,
      children: [
        {
          type: 'Fault',
          name: 'partition',
          deadlineMs: 30_000,
          source,
          fault: {
            kind: 'NetworkChaos',
            action: 'partition',
            direction: 'both',
            selector: {
              namespaces: [],
              labelSelectors: { app: 'capsule' },
              fieldSelectors: {},
              pods: {},
              mode: 'all',
            },
          },
        },
        { type: 'Task', name: 'verify-under-fault', command: ['true'], source },
      ],
    },
    { type: 'Task', name: 'verify-after', command: ['true'], source },
  ],
};

const experiment: Experiment = {
  name: 'capsule-odyssey-partition',
  file: 'chaos/experiments/capsule-odyssey-partition.yaml',
  category: 'network',
  manifest: {},
  kind: 'Workflow',
  root,
  source,
  criteria: {
    probes: [
      probe('capsule-health', 'http://capsule/actuator/health', ['before', 'during', 'after']),
      probe('orchestrate-degraded', 'http://odyssey/orchestrate', ['during'], { statuses: [200, 503] }),
      probe('orchestrate-live', 'http://odyssey/orchestrate', ['before', 'after'], {
        json: [{ path: '$.source', equals: 'LIVE' }],
        detection: true,
      }),
    ],
    workload: { kind: 'capsule-writes', ratePerSecond: 2, tenant: 'chaos' },
    maxLostWrites: 0,
    maxDuplicatedWrites: 0,
    detectionBudgetMs: 10_000,
    recoveryBudgetMs: 60_000,
    allowedStatusesDuringFault: [201],
    consistency: [
      {
        name: 'counts',
        left: { url: 'http://capsule/count', headers: {}, path: '$.n' },
        right: { url: 'http://odyssey/count', headers: {}, path: '$.n' },
        withinMs: 60_000,
      },
    ],
  },
};

/**
 * A fake platform: CAPSULE stores capsules; while partitioned ODYSSEY orchestrates from its
 * cache (or, when `broken`, answers 500) and its count lags until 5 s after healing.
 */
function fakePlatform(clock: ManualClock, options: { broken?: boolean; unhealthyBefore?: boolean } = {}) {
  let partitioned = false;
  let healedAt = Number.NEGATIVE_INFINITY;
  const capsules = new Map<string, unknown>();
  const tasks: string[] = [];
  const answer = (status: number, body: unknown = {}, headers: Record<string, string> = {}): HttpAnswer => ({
    status,
    headers,
    body,
  });
  const http = async ({ url, method, body }: HttpRequest): Promise<HttpAnswer> => {
    const path = new URL(url).pathname;
    if (url.startsWith('http://capsule-service') && method === 'POST') {
      const id = `00000000-0000-4000-8000-${String(capsules.size).padStart(12, '0')}`;
      capsules.set(id, { capsuleId: id, ...(body as object) });
      return answer(201, { capsuleId: id });
    }
    if (url.startsWith('http://capsule-service') && path.startsWith('/api/v1/capsules/'))
      return capsules.has(path.split('/').at(-1)!) ? answer(200) : answer(404);
    if (url.startsWith('http://capsule-service/api/v1/capsules'))
      return answer(200, { content: [...capsules.values()], totalPages: 1 });
    if (url === 'http://capsule/actuator/health')
      return options.unhealthyBefore ? answer(503, { status: 'DOWN' }) : answer(200, { status: 'UP' });
    if (url === 'http://odyssey/orchestrate') {
      if (!partitioned) return answer(200, { source: 'LIVE' });
      return options.broken
        ? answer(500, { code: 'BFY_ERR_INTERNAL' })
        : answer(200, { source: 'CACHE' }, { 'x-butterfly-degraded': 'capsule-unreachable' });
    }
    if (url === 'http://capsule/count') return answer(200, { n: 5 });
    if (url === 'http://odyssey/count') return answer(200, { n: clock.now() - healedAt >= 5000 ? 5 : 3 });
    if (url.endsWith('/actuator/health')) return answer(200, { status: 'UP', components: {} });
    return answer(404);
  };
  const runtime: Omit<StepRuntime, 'onEvent' | 'onFaultWindow'> = {
    clock,
    defaultFaultMs: 60_000,
    http,
    inject: async () => {
      partitioned = true;
      return {
        description: 'partition capsule-service ↔ odyssey-core',
        differences: ['iptables, not tc'],
        proveBites: async () => ({ ok: true, detail: 'connect refused' }),
        recover: async () => {
          partitioned = false;
          healedAt = clock.now();
        },
        proveGone: async () => ({ ok: true, detail: 'no rule left' }),
      };
    },
    runTask: async (step) => {
      tasks.push(step.name);
      await clock.sleep(1000);
      return { exitCode: 0, output: '' };
    },
  };
  const execute: Execute = (tree, hooks, signal) => runStepTree(tree, { ...runtime, ...hooks }, signal);
  return { http, execute, tasks };
}

function run(
  clock: ManualClock,
  platform: ReturnType<typeof fakePlatform>,
  mode: 'run' | 'validate-only' = 'run',
) {
  return clock.until(
    runExperiment({
      experiment,
      mode,
      target: 'local',
      runId: 'r1',
      clock,
      http: platform.http,
      execute: platform.execute,
      healthUrls: { 'capsule-service': 'http://capsule-service/actuator/health' },
      serviceUrls: { 'capsule-service': 'http://capsule-service' },
      onEvent: () => undefined,
      readBackPatienceMs: 5000,
    }),
  );
}

test('a partition the platform rides out passes, with detection, recovery and the ledger measured', async () => {
  const clock = new ManualClock(0);
  const record = await run(clock, fakePlatform(clock));
  assert.deepEqual(record.verdict, { result: 'PASS', reasons: [] });
  const { faultInjectedAt, detectedAt, faultRemovedAt, recoveredAt } = record.timings;
  assert.equal(faultInjectedAt, 4000, 'after 3 s of steady state and the 1 s seed task');
  assert.equal(detectedAt, 4000, 'the live orchestrate probe fails at once');
  assert.equal(faultRemovedAt, 34_000);
  assert.equal(recoveredAt, 34_000);
  assert.ok(record.ledger!.acknowledged > 60);
  assert.deepEqual(record.ledger!.lost, []);
  assert.deepEqual(record.differences, ['iptables, not tc']);
  assert.ok(record.samples.every((sample) => sample.status === 201));
  const kinds = new Set(record.events.map((event) => event.kind));
  for (const kind of [
    'fault-injected',
    'fault-bites',
    'detected',
    'fault-removed',
    'fault-gone',
    'recovered',
  ] as const)
    assert.ok(kinds.has(kind), kind);
});

test('a fallback that answers 500 while partitioned fails the run, saying which probe and what it got', async () => {
  const clock = new ManualClock(0);
  const record = await run(clock, fakePlatform(clock, { broken: true }));
  assert.equal(record.verdict.result, 'FAIL');
  assert.deepEqual(record.verdict.reasons, [
    "probe 'orchestrate-degraded' failed 30× (first: status 500, expected 200 or 503) while the fault was active",
  ]);
});

test('a broken steady state injects nothing and says so', async () => {
  const clock = new ManualClock(0);
  const platform = fakePlatform(clock, { unhealthyBefore: true });
  const record = await run(clock, platform);
  assert.equal(record.verdict.result, 'FAIL');
  assert.equal(record.verdict.reasons[0], 'the steady state was not met, so no fault was injected');
  assert.match(
    record.verdict.reasons[1]!,
    /probe 'capsule-health' failed 1× \(first: status 503, expected 200\) before the fault/,
  );
  assert.equal(record.timings.faultInjectedAt, undefined);
  assert.deepEqual(platform.tasks, []);
});

test('validate-only runs the verification steps outside the fault and the after-checks, injecting nothing', async () => {
  const clock = new ManualClock(0);
  const platform = fakePlatform(clock);
  const record = await run(clock, platform, 'validate-only');
  assert.deepEqual(record.verdict, { result: 'PASS', reasons: [] });
  assert.deepEqual(platform.tasks, ['seed', 'verify-after']);
  assert.equal(
    record.events.some((event) => event.kind === 'fault-injected'),
    false,
  );
  assert.deepEqual(record.samples, []);
});
