import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Criteria } from '../spec/index.ts';
import type { RunObservations } from './observations.ts';
import { judgeRun, type VerdictInput } from './verdict.ts';

const criteria: Criteria = {
  probes: [],
  workload: { kind: 'capsule-writes', ratePerSecond: 5, tenant: 'chaos' },
  maxLostWrites: 0,
  maxDuplicatedWrites: 0,
  detectionBudgetMs: 10_000,
  recoveryBudgetMs: 120_000,
  allowedStatusesDuringFault: [202, 503],
  consistency: [
    {
      name: 'counts',
      left: { url: 'http://capsule-service:8080/x', headers: {}, path: '$.totalElements' },
      right: { url: 'http://odyssey-core:8080/y', headers: {}, path: '$.totalElements' },
      withinMs: 60_000,
    },
  ],
};

const ok = { ok: true, detail: 'checked' };

/** A run that passes every rule; each test breaks one thing. */
function passing(): VerdictInput {
  const observations: RunObservations = {
    probes: [
      { probe: 'capsule health', phase: 'before', at: 900, status: 200, failures: [] },
      { probe: 'odyssey orchestrate', phase: 'during', at: 2000, status: 503, failures: [] },
      { probe: 'capsule health', phase: 'after', at: 9000, status: 200, failures: [] },
    ],
    faults: [{ step: 'partition', description: 'capsule ↔ odyssey-core', bites: ok, gone: ok }],
    stepFailures: [],
    consistency: [{ check: 'counts', at: 8500, left: 4, right: 4, equal: true }],
  };
  return {
    criteria,
    observations,
    run: {
      mode: 'run',
      timings: { faultInjectedAt: 1000, detectedAt: 3000, faultRemovedAt: 8000, recoveredAt: 9000 },
      samples: [
        { at: 500, ok: true, status: 201, latencyMs: 5 },
        { at: 1500, ok: true, status: 202, latencyMs: 5 },
        { at: 1600, ok: false, status: 503, latencyMs: 5 },
        { at: 9500, ok: true, status: 201, latencyMs: 5 },
      ],
      ledger: { acknowledged: 3, lost: [], duplicated: [], unexpected: [] },
    },
  };
}

test('a run within every budget, with the fault proven, passes with no reasons', () => {
  assert.deepEqual(judgeRun(passing()), { result: 'PASS', reasons: [] });
});

test('a 500 from the workload during the fault fails the run, counted by status', () => {
  const input = passing();
  input.run.samples.push(
    { at: 2000, ok: false, status: 500, latencyMs: 3 },
    { at: 2100, ok: false, status: 500, latencyMs: 3 },
  );
  const verdict = judgeRun(input);
  assert.equal(verdict.result, 'FAIL');
  assert.deepEqual(verdict.reasons, [
    'workload got statuses outside [2xx, 202, 503] from the fault on: 500 ×2',
  ]);
});

test('a failing write before the fault is a broken steady state', () => {
  const input = passing();
  input.run.samples.unshift({ at: 100, ok: false, status: 503, latencyMs: 3 });
  assert.match(judgeRun(input).reasons.join('\n'), /workload failed before the fault: 503 ×1/);
});

test('lost and duplicated writes beyond the allowance fail, naming them', () => {
  const input = passing();
  input.run.ledger = { acknowledged: 3, lost: ['id-1'], duplicated: ['key-7'], unexpected: ['stray'] };
  const reasons = judgeRun(input).reasons;
  assert.deepEqual(reasons, [
    '1 acknowledged writes lost (allowed 0): id-1',
    '1 writes duplicated (allowed 0): key-7',
    '1 records nobody wrote: stray',
  ]);
  const lenient = passing();
  lenient.criteria = { ...criteria, maxLostWrites: 1, maxDuplicatedWrites: 1 };
  lenient.run.ledger = { acknowledged: 3, lost: ['id-1'], duplicated: ['key-7'], unexpected: [] };
  assert.equal(judgeRun(lenient).result, 'PASS');
});

test('a workload without a ledger read-back fails; no workload in the criteria needs none', () => {
  const input = passing();
  delete input.run.ledger;
  assert.deepEqual(judgeRun(input).reasons, ['the workload ledger was not read back']);
  const without = passing();
  delete without.run.ledger;
  without.criteria = { ...criteria };
  delete without.criteria.workload;
  assert.equal(judgeRun(without).result, 'PASS');
});

test('detection: late or never fails, against the budget', () => {
  const late = passing();
  late.run.timings.detectedAt = 12_000;
  assert.deepEqual(judgeRun(late).reasons, ['detected after 11.0s, budget 10.0s']);
  const never = passing();
  delete never.run.timings.detectedAt;
  assert.match(judgeRun(never).reasons[0]!, /never detected/);
});

test('recovery: late, never (naming the still-failing probe) or a fault never removed', () => {
  const late = passing();
  late.run.timings.recoveredAt = 8000 + 130_000;
  assert.deepEqual(judgeRun(late).reasons, ['recovered after 2m10s, budget 2m00s']);

  const never = passing();
  delete never.run.timings.recoveredAt;
  never.observations.probes.push({
    probe: 'counts equal',
    phase: 'after',
    at: 9500,
    status: 200,
    failures: ['$.equal is false, expected true'],
  });
  assert.deepEqual(judgeRun(never).reasons, [
    "not recovered: after-probes still failing ('counts equal': $.equal is false, expected true)",
  ]);

  const stuck = passing();
  delete stuck.run.timings.faultRemovedAt;
  assert.deepEqual(judgeRun(stuck).reasons, ['the fault was never removed']);
});

test('a fault that did not bite, was not proven, or left something behind fails', () => {
  const input = passing();
  input.observations.faults = [
    { step: 'a', description: 'kill', bites: { ok: false, detail: 'pid 42 still alive' }, gone: ok },
    { step: 'b', description: 'partition', gone: { ok: false, detail: 'rule BFY-1 remains' } },
  ];
  assert.deepEqual(judgeRun(input).reasons, [
    "fault 'a' did not bite: pid 42 still alive",
    "fault 'b' (partition) was not proven to bite",
    "fault 'b' left something behind: rule BFY-1 remains",
  ]);
  const none = passing();
  none.observations.faults = [];
  assert.deepEqual(judgeRun(none).reasons, ['no fault was injected']);
});

test('failing probes are summarised once per probe and phase', () => {
  const input = passing();
  for (const at of [2000, 3000, 4000]) {
    input.observations.probes.push({
      probe: 'odyssey never 500',
      phase: 'during',
      at,
      status: 500,
      failures: ['status 500, expected 200 or 503'],
    });
  }
  assert.deepEqual(judgeRun(input).reasons, [
    "probe 'odyssey never 500' failed 3× (first: status 500, expected 200 or 503) while the fault was active",
  ]);
});

test('step failures and a stopped run are reasons, aborts said so', () => {
  const input = passing();
  input.observations.stepFailures = [{ step: 'verify', detail: '3 consecutive failures', aborted: true }];
  input.observations.stoppedBecause = 'steady state not met: capsule health 503';
  assert.deepEqual(judgeRun(input).reasons, [
    'steady state not met: capsule health 503',
    "step 'verify' failed and aborted the workflow: 3 consecutive failures",
  ]);
});

test('validate-only is judged on its checks alone: the last after-answer of each probe', () => {
  const input = passing();
  input.run = { mode: 'validate-only', timings: {}, samples: [] };
  input.observations = {
    faults: [],
    stepFailures: [],
    consistency: [{ check: 'counts', at: 2, left: 3, right: 3, equal: true }],
    probes: [
      { probe: 'health', phase: 'after', at: 1, status: 503, failures: ['status 503, expected 200'] },
      { probe: 'health', phase: 'after', at: 2, status: 200, failures: [] },
      { probe: 'counts', phase: 'after', at: 2, status: 200, failures: ['$.equal is false, expected true'] },
    ],
  };
  assert.deepEqual(judgeRun(input).reasons, ["probe 'counts' failed: $.equal is false, expected true"]);
});

test('consistency: must end equal, and agree within its allowance after the fault', () => {
  const unequal = passing();
  unequal.observations.consistency.push({ check: 'counts', at: 9000, left: 4, right: 3, equal: false });
  assert.deepEqual(judgeRun(unequal).reasons, ["consistency 'counts': 4 ≠ 3"]);

  const slow = passing();
  slow.observations.consistency = [
    { check: 'counts', at: 9000, left: 4, right: 3, equal: false },
    { check: 'counts', at: 8000 + 61_000, left: 4, right: 4, equal: true },
  ];
  assert.deepEqual(judgeRun(slow).reasons, ["consistency 'counts' took 1m01s to agree, allowed 1m00s"]);

  const unchecked = passing();
  unchecked.observations.consistency = [];
  assert.deepEqual(judgeRun(unchecked).reasons, ["consistency 'counts' was never checked"]);
});

test('a request open when the injection began is judged under the fault, not as the steady state', () => {
  const input = passing();
  input.observations.injectionStartedAt = 900;
  // Started at 800, answered (refused) at 950: the injection's own setup cut it.
  input.run.samples.unshift({ at: 800, ok: false, status: 0, latencyMs: 150 });
  assert.deepEqual(judgeRun(input).reasons, [
    'workload got statuses outside [2xx, 202, 503] from the fault on: no answer ×1',
  ]);
});
