import type { ExperimentRun, SuiteRun, WorkloadSample } from '../run-record.ts';

/** The epoch millisecond every sample run starts at. */
export const T0 = Date.UTC(2025, 0, 2, 3, 4, 5);

/** Ten requests a second for `seconds`, failing (503, slow) between `failFrom` and `failTo` seconds. */
export function samplesFor(seconds: number, failFrom: number, failTo: number): WorkloadSample[] {
  const samples: WorkloadSample[] = [];
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < 10; i++) {
      const failing = s >= failFrom && s < failTo;
      samples.push({
        at: T0 + s * 1000 + i * 100,
        ok: !failing,
        status: failing ? 503 : 201,
        latencyMs: failing ? 900 + i : 10 + i,
      });
    }
  }
  return samples;
}

/** A passing partition run: 30 s, fault from 5 s to 20 s, detected at 7 s, recovered at 24 s. */
export function passingRun(): ExperimentRun {
  return {
    experiment: 'capsule-odyssey-partition',
    file: 'chaos/experiments/capsule-odyssey-partition.yaml',
    target: 'local',
    mode: 'run',
    startedAt: T0,
    endedAt: T0 + 30_000,
    events: [
      {
        at: T0 + 1000,
        kind: 'step-start',
        step: 'partition',
        detail: 'NetworkChaos partition capsule <-> odyssey-core',
      },
      { at: T0 + 5000, kind: 'fault-injected', step: 'partition', detail: 'iptables rules in BFYCHAOS' },
      { at: T0 + 7000, kind: 'detected', detail: 'odyssey /actuator/health: capsule-client OPEN' },
      { at: T0 + 20_000, kind: 'fault-removed', step: 'partition', detail: 'rules removed' },
      { at: T0 + 24_000, kind: 'recovered', detail: 'every after probe passes' },
    ],
    samples: samplesFor(30, 6, 12),
    workloadRatePerSecond: 10,
    ledger: { acknowledged: 300, lost: [], duplicated: [], unexpected: [] },
    timings: {
      faultInjectedAt: T0 + 5000,
      detectedAt: T0 + 7000,
      faultRemovedAt: T0 + 20_000,
      recoveredAt: T0 + 24_000,
    },
    differences: ['partition by iptables on loopback addresses, not by Chaos Mesh ipset + tc'],
    verdict: { result: 'PASS', reasons: [] },
  };
}

/** A failing run whose texts hold everything an escaper must handle. */
export function hostileFailingRun(): ExperimentRun {
  return {
    experiment: 'redis-failover/delay <&"\'>',
    file: 'chaos/experiments/redis-failover.yaml',
    target: 'k8s',
    mode: 'run',
    startedAt: T0 + 40_000,
    endedAt: T0 + 52_000,
    events: [
      {
        at: T0 + 41_000,
        kind: 'probe-failed',
        step: 'check',
        detail: '<script>alert("x")</script> & \u001b[31mred\u001b[0m',
      },
    ],
    samples: [],
    timings: { faultInjectedAt: T0 + 42_000 },
    differences: [],
    verdict: {
      result: 'FAIL',
      reasons: ['ODYSSEY answered 500 (allowed: 200, 503)', 'line one\nline two & "quoted" <b>'],
    },
  };
}

/** A suite of one passing and one failing run. */
export function sampleSuite(): SuiteRun {
  return { id: 'suite-<1>', startedAt: T0, endedAt: T0 + 60_000, runs: [passingRun(), hostileFailingRun()] };
}
