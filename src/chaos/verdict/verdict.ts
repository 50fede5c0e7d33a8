import type { ExperimentRun, Verdict, WorkloadSample } from '../report/index.ts';
import type { Criteria } from '../spec/index.ts';
import { formatDuration } from '../../kit/time/index.ts';
import type { ProbeObservation, RunObservations } from './observations.ts';

/** What the verdict is judged on: the run's record, what else the runner saw, the criteria. */
export interface VerdictInput {
  run: Pick<ExperimentRun, 'mode' | 'timings' | 'samples' | 'ledger'>;
  observations: RunObservations;
  criteria: Criteria;
}

/**
 * Judges a run against its experiment's criteria. Each rule adds its reasons; the run passes
 * only with none. A validate-only run is judged on its checks alone (no fault, no workload).
 */
export function judgeRun(input: VerdictInput): Verdict {
  const reasons = [
    ...stoppedReasons(input),
    ...stepReasons(input),
    ...probeReasons(input, 'before'),
    ...(input.run.mode === 'run'
      ? [
          ...faultProofReasons(input),
          ...probeReasons(input, 'during'),
          ...detectionReasons(input),
          ...recoveryReasons(input),
          ...workloadStatusReasons(input),
          ...ledgerReasons(input),
        ]
      : afterProbeReasons(input)),
    ...consistencyReasons(input),
  ];
  return { result: reasons.length === 0 ? 'PASS' : 'FAIL', reasons };
}

function stoppedReasons({ observations }: VerdictInput): string[] {
  return observations.stoppedBecause ? [observations.stoppedBecause] : [];
}

function stepReasons({ observations }: VerdictInput): string[] {
  return observations.stepFailures.map(
    (failure) =>
      `step '${failure.step}' failed${failure.aborted ? ' and aborted the workflow' : ''}: ${failure.detail}`,
  );
}

function probeReasons({ observations }: VerdictInput, phase: 'before' | 'during'): string[] {
  const failed = observations.probes.filter((probe) => probe.phase === phase && probe.failures.length > 0);
  const what = phase === 'before' ? 'before the fault (steady state)' : 'while the fault was active';
  return summarise(failed).map((line) => `probe ${line} ${what}`);
}

/** After-probes of a validate-only run: the last answer of each probe must pass. */
function afterProbeReasons({ observations }: VerdictInput): string[] {
  const last = new Map<string, ProbeObservation>();
  for (const probe of observations.probes) if (probe.phase === 'after') last.set(probe.probe, probe);
  return [...last.values()]
    .filter((probe) => probe.failures.length > 0)
    .map((probe) => `probe '${probe.probe}' failed: ${probe.failures.join('; ')}`);
}

function faultProofReasons({ observations }: VerdictInput): string[] {
  const reasons: string[] = [];
  if (observations.faults.length === 0 && !observations.stoppedBecause) reasons.push('no fault was injected');
  for (const fault of observations.faults) {
    if (!fault.bites) reasons.push(`fault '${fault.step}' (${fault.description}) was not proven to bite`);
    else if (!fault.bites.ok) reasons.push(`fault '${fault.step}' did not bite: ${fault.bites.detail}`);
    if (!fault.gone) reasons.push(`fault '${fault.step}' was not proven gone`);
    else if (!fault.gone.ok)
      reasons.push(`fault '${fault.step}' left something behind: ${fault.gone.detail}`);
  }
  return reasons;
}

function detectionReasons({ run, criteria }: VerdictInput): string[] {
  const { faultInjectedAt, detectedAt } = run.timings;
  if (faultInjectedAt === undefined) return [];
  if (detectedAt === undefined)
    return ['the fault was never detected: no probe or health component showed it'];
  const took = detectedAt - faultInjectedAt;
  return took > criteria.detectionBudgetMs
    ? [`detected after ${formatDuration(took)}, budget ${formatDuration(criteria.detectionBudgetMs)}`]
    : [];
}

function recoveryReasons({ run, criteria, observations }: VerdictInput): string[] {
  const { faultInjectedAt, faultRemovedAt, recoveredAt } = run.timings;
  if (faultInjectedAt === undefined) return [];
  if (faultRemovedAt === undefined) return ['the fault was never removed'];
  if (recoveredAt === undefined) {
    const still = latestFailingAfter(observations.probes);
    return [`not recovered: after-probes still failing${still.length > 0 ? ` (${still.join('; ')})` : ''}`];
  }
  const took = recoveredAt - faultRemovedAt;
  return took > criteria.recoveryBudgetMs
    ? [`recovered after ${formatDuration(took)}, budget ${formatDuration(criteria.recoveryBudgetMs)}`]
    : [];
}

function latestFailingAfter(probes: readonly ProbeObservation[]): string[] {
  const last = new Map<string, ProbeObservation>();
  for (const probe of probes) if (probe.phase === 'after') last.set(probe.probe, probe);
  return [...last.values()]
    .filter((probe) => probe.failures.length > 0)
    .map((probe) => `'${probe.probe}': ${probe.failures.join(', ')}`);
}

/**
 * The workload's answers: before the fault every write must succeed (steady state); from the
 * injection on, only 2xx and the criteria's allowed statuses. A 500 is never allowed unless the
 * criteria list it, and a dropped connection (status 0) only when they list 0.
 */
function workloadStatusReasons({ run, criteria, observations }: VerdictInput): string[] {
  // A request still open when the injection began is judged as one under the fault.
  const faultFrom =
    observations.injectionStartedAt ?? run.timings.faultInjectedAt ?? Number.POSITIVE_INFINITY;
  const underFault = (sample: WorkloadSample) => sample.at + sample.latencyMs >= faultFrom;
  const before = run.samples.filter((sample) => !underFault(sample) && !sample.ok);
  const after = run.samples.filter(
    (sample) =>
      underFault(sample) &&
      !isSuccess(sample) &&
      !criteria.allowedStatusesDuringFault.includes(sample.status),
  );
  const reasons: string[] = [];
  if (before.length > 0) reasons.push(`workload failed before the fault: ${countStatuses(before)}`);
  if (after.length > 0) {
    reasons.push(
      `workload got statuses outside [2xx, ${criteria.allowedStatusesDuringFault.join(', ')}] from the fault on: ${countStatuses(after)}`,
    );
  }
  return reasons;
}

function ledgerReasons({ run, criteria }: VerdictInput): string[] {
  const ledger = run.ledger;
  if (!criteria.workload) return [];
  if (!ledger) return ['the workload ledger was not read back'];
  const reasons: string[] = [];
  if (ledger.acknowledged === 0) reasons.push('the workload had no acknowledged write to check');
  if (ledger.lost.length > criteria.maxLostWrites) {
    reasons.push(
      `${ledger.lost.length} acknowledged writes lost (allowed ${criteria.maxLostWrites}): ${preview(ledger.lost)}`,
    );
  }
  if (ledger.duplicated.length > criteria.maxDuplicatedWrites) {
    reasons.push(
      `${ledger.duplicated.length} writes duplicated (allowed ${criteria.maxDuplicatedWrites}): ${preview(ledger.duplicated)}`,
    );
  }
  if (ledger.unexpected.length > 0) {
    reasons.push(`${ledger.unexpected.length} records nobody wrote: ${preview(ledger.unexpected)}`);
  }
  return reasons;
}

/**
 * Each consistency check must end equal; in a run, it must have become equal within its
 * allowance after the fault was removed (an outbox draining may take a while, not forever).
 */
function consistencyReasons({ run, criteria, observations }: VerdictInput): string[] {
  const reasons: string[] = [];
  const removedAt = run.timings.faultRemovedAt;
  for (const check of criteria.consistency ?? []) {
    const seen = observations.consistency.filter((observation) => observation.check === check.name);
    const last = seen.at(-1);
    if (!last) {
      reasons.push(`consistency '${check.name}' was never checked`);
    } else if (!last.equal) {
      reasons.push(
        `consistency '${check.name}': ${JSON.stringify(last.left)} ≠ ${JSON.stringify(last.right)}`,
      );
    } else if (run.mode === 'run' && removedAt !== undefined) {
      const firstEqual = seen.find((observation) => observation.equal && observation.at >= removedAt);
      const took = (firstEqual?.at ?? last.at) - removedAt;
      if (took > check.withinMs) {
        reasons.push(
          `consistency '${check.name}' took ${formatDuration(took)} to agree, allowed ${formatDuration(check.withinMs)}`,
        );
      }
    }
  }
  return reasons;
}

function isSuccess(sample: WorkloadSample): boolean {
  return sample.status >= 200 && sample.status < 300;
}

function countStatuses(samples: readonly WorkloadSample[]): string {
  const counts = new Map<number, number>();
  for (const sample of samples) counts.set(sample.status, (counts.get(sample.status) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status === 0 ? 'no answer' : status} ×${count}`)
    .join(', ');
}

/** One line per failing probe: how often it failed and its first failure. */
function summarise(failed: readonly ProbeObservation[]): string[] {
  const byProbe = new Map<string, ProbeObservation[]>();
  for (const probe of failed) byProbe.set(probe.probe, [...(byProbe.get(probe.probe) ?? []), probe]);
  return [...byProbe].map(
    ([name, list]) => `'${name}' failed ${list.length}× (first: ${list[0]!.failures.join('; ')})`,
  );
}

function preview(ids: readonly string[]): string {
  return ids.length > 5 ? `${ids.slice(0, 5).join(', ')} …` : ids.join(', ');
}
