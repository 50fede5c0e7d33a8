import { pollUntil } from '../../kit/time/index.ts';
import type { ExperimentRun, RunEvent } from '../report/index.ts';
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
import { healthBaseline, healthRound, PROBE_TIMEOUT_MS, probeRound } from './probe-round.ts';
import { compileRunOptions, type CompiledRunOptions, type RunExperimentOptions } from './run-options.ts';
import { verificationTree } from './verification-tree.ts';

export type { Execute, ExecuteHooks } from './execute.ts';
export type { CompiledRunOptions, RunExperimentOptions } from './run-options.ts';

/**
 * One experiment, start to verdict. `run`: workload and steady state, the steps (faults
 * injected, proven, removed, proven gone), detection and recovery watched, consistency and the
 * ledger checked afterwards, then the verdict. `validate-only`: the workflow's verification
 * steps and the after-probes against the system as it is, no fault.
 */
export async function runExperiment(options: RunExperimentOptions): Promise<ExperimentRun> {
  const compiled = compileRunOptions(options);
  const { experiment, clock, signal } = compiled;
  const events: RunEvent[] = [];
  const onEvent = (event: RunEvent): void => {
    events.push(event);
    compiled.onEvent(event);
  };
  const record: ExperimentRun = {
    experiment: experiment.name,
    file: experiment.file,
    target: compiled.target,
    mode: compiled.mode,
    startedAt: clock.now(),
    endedAt: clock.now(),
    events,
    samples: [],
    timings: {},
    differences: [],
    verdict: { result: 'FAIL', reasons: [] },
  };
  const observations: RunObservations = { probes: [], faults: [], stepFailures: [], consistency: [] };
  const context: RunContext = { ...compiled, onEvent, record, observations };
  try {
    if (compiled.mode === 'validate-only') await validateOnly(context);
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

type RunContext = CompiledRunOptions & {
  record: ExperimentRun;
  observations: RunObservations;
};

/**
 * Rounds of `round` every `intervalMs` until one settles or `timeoutMs` passes; a stop ends the
 * wait quietly (the run's verdict says it was stopped).
 */
async function pollRounds(
  context: RunContext,
  timeoutMs: number,
  round: () => Promise<boolean>,
): Promise<void> {
  const { clock, intervalMs, signal } = context;
  await pollUntil(clock, { everyMs: intervalMs, timeoutMs: Math.max(0, timeoutMs), signal }, async () =>
    (await round()) ? true : undefined,
  ).catch((error: unknown) => {
    if (!signal.aborted) throw error;
  });
}

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
  await pollRounds(context, context.graceMs, async () => {
    const results = await probeRound(http, after, 'after', () => clock.now());
    observations.probes.push(...results.map((result) => result.observation));
    const consistency = await consistencyRound(http, experiment.criteria.consistency ?? [], () =>
      clock.now(),
    );
    observations.consistency.push(...consistency);
    return (
      results.every((result) => result.observation.failures.length === 0) && consistency.every((c) => c.equal)
    );
  });
}

/** Health baseline and the before-probes while the workload writes; false when the steady state is not met. */
async function checkSteadyState(context: RunContext): Promise<SteadyState | undefined> {
  const { experiment, observations, clock, http, signal, onEvent } = context;
  onEvent({ at: clock.now(), kind: 'info', detail: 'checking the steady state' });
  // Health is read twice: what is already odd before the fault is not a detection.
  const baseline = await healthBaseline(http, context.healthUrls);
  await clock.sleep(context.steadyStateMs, signal).catch(() => undefined);
  const steadySignals = new Set(await healthRound(http, context.healthUrls, baseline));
  const before = await probeRound(
    http,
    experiment.criteria.probes.filter((probe) => probe.phases.includes('before')),
    'before',
    () => clock.now(),
  );
  for (const { observation, signals } of before) {
    observations.probes.push(observation);
    for (const each of signals) steadySignals.add(each);
  }
  if (before.some(({ observation }) => observation.failures.length > 0)) {
    observations.stoppedBecause = 'the steady state was not met, so no fault was injected';
    return undefined;
  }
  return { baseline, steadySignals };
}

type SteadyState = { baseline: Awaited<ReturnType<typeof healthBaseline>>; steadySignals: Set<string> };

/** The fault-bearing steps, watched for detection and recovery, then consistency settled. */
async function runFaults(context: RunContext, steady: SteadyState): Promise<void> {
  const { experiment, record, observations, clock, http, signal, onEvent } = context;
  const { criteria } = experiment;
  const monitor = new FaultMonitor({
    clock,
    http,
    probes: criteria.probes,
    healthUrls: context.healthUrls,
    baseline: steady.baseline,
    steadySignals: steady.steadySignals,
    intervalMs: context.intervalMs,
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
  await monitor.finish((removedAt) => removedAt + criteria.recoveryBudgetMs + context.graceMs);
  observations.consistency.push(...(await settleConsistency(context)));
}

async function fullRun(context: RunContext): Promise<void> {
  const workload = startCriteriaWorkload(context);
  try {
    const steady = await checkSteadyState(context);
    if (steady) await runFaults(context, steady);
  } finally {
    if (workload) await stopWorkload(context, workload);
  }
}

/** Stops the workload and reads its ledger back (acknowledged writes a queue may still replay). */
async function stopWorkload(context: RunContext, workload: CriteriaWorkload): Promise<void> {
  const { record, clock, signal, onEvent } = context;
  await workload.running.stop();
  record.samples = [...workload.running.samples];
  record.ledger = await readBackLedger(
    { ...workload.running, target: workload.target, send: workload.send },
    { clock, patienceMs: context.readBackPatienceMs, intervalMs: 2000, signal },
  );
  onEvent({
    at: clock.now(),
    kind: 'info',
    detail: `ledger: ${record.ledger.acknowledged} acknowledged, ${record.ledger.lost.length} lost, ${record.ledger.duplicated.length} duplicated, ${record.ledger.unexpected.length} unexpected`,
  });
}

/** Polls the consistency checks until all agree or each one's allowance (after the removal) has passed. */
async function settleConsistency(context: RunContext): Promise<ConsistencyObservation[]> {
  const { experiment, clock, http, record } = context;
  const checks = experiment.criteria.consistency ?? [];
  const seen: ConsistencyObservation[] = [];
  if (checks.length === 0) return seen;
  const removedAt = record.timings.faultRemovedAt ?? clock.now();
  const giveUpAt = removedAt + Math.max(...checks.map((check) => check.withinMs)) + context.graceMs;
  await pollRounds(context, giveUpAt - clock.now(), async () => {
    const round = await consistencyRound(http, checks, () => clock.now());
    seen.push(...round);
    return round.every((observation) => observation.equal);
  });
  return seen;
}

type CriteriaWorkload = { running: RunningWorkload; target: WorkloadTarget; send: Send };

function startCriteriaWorkload(context: RunContext): CriteriaWorkload | undefined {
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
  context.record.workloadRatePerSecond = spec.ratePerSecond;
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
