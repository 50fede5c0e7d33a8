import type { Clock } from '../../kit/time/index.ts';
import type { ExperimentRun, RunEvent } from '../report/index.ts';
import type { Experiment } from '../spec/index.ts';
import type { ConsistencyObservation, RunObservations } from '../verdict/index.ts';
import { judgeRun } from '../verdict/index.ts';
import {
  readBackLedger,
  startWorkload,
  workloadTarget,
  type RunningWorkload,
  type Send,
  type WorkloadTarget,
} from '../workload/index.ts';
import { consistencyRound } from './consistency-round.ts';
import { FaultMonitor } from './fault-monitor.ts';
import { healthBaseline, healthRound, PROBE_TIMEOUT_MS, probeRound, type Http } from './probe-round.ts';
import type { StepTreeResult } from './step-engine.ts';
import { verificationTree } from './verification-tree.ts';

/** Hooks the executor calls as the fault-bearing part of the run goes. */
export interface ExecuteHooks {
  onEvent: (event: RunEvent) => void;
  onFaultWindow: (change: 'injecting' | 'injected' | 'removed', at: number) => void;
}

/** Runs the experiment's steps: the local step engine, or Chaos Mesh through the Kubernetes backend. */
export type Execute = (
  root: Experiment['root'],
  hooks: ExecuteHooks,
  signal: AbortSignal,
) => Promise<StepTreeResult>;

/** Everything one experiment's run needs. */
export interface RunExperimentOptions {
  experiment: Experiment;
  mode: 'run' | 'validate-only';
  target: 'local' | 'k8s';
  runId: string;
  clock: Clock;
  http: Http;
  execute: Execute;
  /** Each service's health URL by pod name, watched for detection. */
  healthUrls: Readonly<Record<string, string>>;
  /** Each service's base URL by pod name, for the workload. */
  serviceUrls: Readonly<Record<string, string>>;
  onEvent: (event: RunEvent) => void;
  signal?: AbortSignal;
  /** Pause between probe rounds. */
  intervalMs?: number;
  /** How long the workload runs before the fault (the steady state it is judged against). */
  steadyStateMs?: number;
  /** How long to keep looking for acknowledged writes that a queue is still replaying. */
  readBackPatienceMs?: number;
  /** How long after the budgets the runner keeps measuring (a late recovery is measured, not cut off). */
  graceMs?: number;
}

/**
 * One experiment, start to verdict. `run`: workload and steady state, the steps (faults
 * injected, proven, removed, proven gone), detection and recovery watched, consistency and the
 * ledger checked afterwards, then the verdict. `validate-only`: the workflow's verification
 * steps and the after-probes against the system as it is, no fault.
 */
export async function runExperiment(options: RunExperimentOptions): Promise<ExperimentRun> {
  const { experiment, clock } = options;
  const events: RunEvent[] = [];
  const onEvent = (event: RunEvent): void => {
    events.push(event);
    options.onEvent(event);
  };
  const record: ExperimentRun = {
    experiment: experiment.name,
    file: experiment.file,
    target: options.target,
    mode: options.mode,
    startedAt: clock.now(),
    endedAt: clock.now(),
    events,
    samples: [],
    timings: {},
    differences: [],
    verdict: { result: 'FAIL', reasons: [] },
  };
  const observations: RunObservations = { probes: [], faults: [], stepFailures: [], consistency: [] };
  const signal = options.signal ?? new AbortController().signal;
  const context = { ...options, onEvent, record, observations, signal };
  try {
    if (options.mode === 'validate-only') await validateOnly(context);
    else await fullRun(context);
  } catch (error) {
    // A setup failure (no pod matches, the cluster went away) still ends in a verdict and a report.
    observations.stoppedBecause = `the run failed: ${describe(error)}`;
    onEvent({ at: clock.now(), kind: 'info', detail: observations.stoppedBecause });
  }
  if (signal.aborted && !observations.stoppedBecause) {
    observations.stoppedBecause = `the run was stopped: ${describe(signal.reason)}`;
  }
  record.endedAt = clock.now();
  record.verdict = judgeRun({ run: record, observations, criteria: experiment.criteria });
  onEvent({
    at: record.endedAt,
    kind: 'info',
    detail: `verdict ${record.verdict.result}${record.verdict.reasons.length > 0 ? `: ${record.verdict.reasons.join('; ')}` : ''}`,
  });
  return record;
}

type RunContext = RunExperimentOptions & {
  record: ExperimentRun;
  observations: RunObservations;
  signal: AbortSignal;
};

async function validateOnly(context: RunContext): Promise<void> {
  const { experiment, observations, clock, http, signal } = context;
  const tree = verificationTree(experiment.root);
  if (tree) {
    const steps = await context.execute(
      tree,
      { onEvent: context.onEvent, onFaultWindow: () => undefined },
      signal,
    );
    observations.stepFailures.push(...steps.failures);
  }
  // The after-probes and consistency are polled briefly: a check that has not settled yet is not a failure.
  const after = experiment.criteria.probes.filter((probe) => probe.phases.includes('after'));
  const giveUpAt = clock.now() + (context.graceMs ?? 30_000);
  for (;;) {
    const results = await probeRound(http, after, 'after', () => clock.now());
    observations.probes.push(...results.map((result) => result.observation));
    const consistency = await consistencyRound(http, experiment.criteria.consistency ?? [], () =>
      clock.now(),
    );
    observations.consistency.push(...consistency);
    const passing =
      results.every((result) => result.observation.failures.length === 0) &&
      consistency.every((c) => c.equal);
    if (passing || clock.now() >= giveUpAt || signal.aborted) break;
    await clock.sleep(context.intervalMs ?? 1000, signal).catch(() => undefined);
  }
}

async function fullRun(context: RunContext): Promise<void> {
  const { experiment, record, observations, clock, http, signal, onEvent } = context;
  const { criteria } = experiment;
  const intervalMs = context.intervalMs ?? 1000;
  const workload = startCriteriaWorkload(context);
  try {
    // Steady state: the workload writes, health is read twice (what is already odd is not a detection).
    onEvent({ at: clock.now(), kind: 'info', detail: 'checking the steady state' });
    const baseline = await healthBaseline(http, context.healthUrls);
    await clock.sleep(context.steadyStateMs ?? 3000, signal).catch(() => undefined);
    const steadySignals = new Set(await healthRound(http, context.healthUrls, baseline));
    const before = await probeRound(
      http,
      criteria.probes.filter((probe) => probe.phases.includes('before')),
      'before',
      () => clock.now(),
    );
    for (const { observation, signals } of before) {
      observations.probes.push(observation);
      for (const each of signals) steadySignals.add(each);
    }
    if (before.some(({ observation }) => observation.failures.length > 0)) {
      observations.stoppedBecause = 'the steady state was not met, so no fault was injected';
      return;
    }

    const monitor = new FaultMonitor({
      clock,
      http,
      probes: criteria.probes,
      healthUrls: context.healthUrls,
      baseline,
      steadySignals,
      intervalMs,
      timings: record.timings,
      observations: observations.probes,
      onEvent,
      onInjecting: (at) => (observations.injectionStartedAt ??= at),
    });
    const steps = await context.execute(
      experiment.root,
      { onEvent, onFaultWindow: (change, at) => monitor.onFaultWindow(change, at) },
      signal,
    );
    observations.stepFailures.push(...steps.failures);
    observations.faults.push(...steps.faults);
    record.differences.push(...steps.differences);
    const grace = context.graceMs ?? 30_000;
    await monitor.finish((removedAt) => removedAt + criteria.recoveryBudgetMs + grace);
    observations.consistency.push(...(await settleConsistency(context, grace)));
  } finally {
    if (workload) {
      await workload.running.stop();
      record.samples = [...workload.running.samples];
      record.ledger = await readBackLedger(
        { ...workload.running, target: workload.target, send: workload.send },
        { clock, patienceMs: context.readBackPatienceMs ?? 60_000, intervalMs: 2000, signal },
      );
      onEvent({
        at: clock.now(),
        kind: 'info',
        detail: `ledger: ${record.ledger.acknowledged} acknowledged, ${record.ledger.lost.length} lost, ${record.ledger.duplicated.length} duplicated, ${record.ledger.unexpected.length} unexpected`,
      });
    }
  }
}

/** Polls the consistency checks until all agree or each one's allowance (after the removal) has passed. */
async function settleConsistency(context: RunContext, graceMs: number): Promise<ConsistencyObservation[]> {
  const { experiment, clock, http, record, signal } = context;
  const checks = experiment.criteria.consistency ?? [];
  const seen: ConsistencyObservation[] = [];
  if (checks.length === 0) return seen;
  const removedAt = record.timings.faultRemovedAt ?? clock.now();
  const giveUpAt = removedAt + Math.max(...checks.map((check) => check.withinMs)) + graceMs;
  for (;;) {
    const round = await consistencyRound(http, checks, () => clock.now());
    seen.push(...round);
    if (round.every((observation) => observation.equal) || clock.now() >= giveUpAt || signal.aborted)
      return seen;
    await clock.sleep(context.intervalMs ?? 1000, signal).catch(() => undefined);
  }
}

function startCriteriaWorkload(
  context: RunContext,
): { running: RunningWorkload; target: WorkloadTarget; send: Send } | undefined {
  const spec = context.experiment.criteria.workload;
  if (!spec) return undefined;
  const { clock, http } = context;
  const target = workloadTarget(spec.kind, context.runId, () => clock.now());
  const base = context.serviceUrls[target.service];
  if (!base) throw new Error(`no URL for ${target.service}, which the ${spec.kind} workload writes to`);
  const send: Send = (request) =>
    http({
      method: request.method,
      url: `${base}${request.path}`,
      headers: { 'x-tenant-id': spec.tenant, ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      timeoutMs: PROBE_TIMEOUT_MS,
    });
  const running = startWorkload({
    target,
    send,
    clock,
    ratePerSecond: spec.ratePerSecond,
    keyPrefix: context.runId,
  });
  context.onEvent({
    at: clock.now(),
    kind: 'info',
    detail: `workload ${spec.kind} at ${spec.ratePerSecond}/s to ${target.service} as tenant ${spec.tenant}`,
  });
  return { running, target, send };
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
