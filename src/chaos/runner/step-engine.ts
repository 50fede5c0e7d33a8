import { formatDuration } from '../../kit/time/index.ts';
import type { Step } from '../spec/index.ts';
import type { FaultProof, StepFailure } from '../verdict/index.ts';
import { runStatusCheck } from './status-check.ts';
import type { StepOf, StepRuntime } from './step-runtime.ts';

/** What running a step tree produced. */
export interface StepTreeResult {
  failures: StepFailure[];
  faults: FaultProof[];
  /** Where the local faults differ from Chaos Mesh's, de-duplicated. */
  differences: string[];
  /** True when a StatusCheck (or a failed injection) stopped the workflow. */
  aborted: boolean;
}

/**
 * Runs an experiment's step tree as Chaos Mesh runs a Workflow: Serial children in order,
 * Parallel children together, Suspend waits, Task runs a command, StatusCheck checks, Fault
 * injects for its deadline (or duration) and then recovers. A deadline ends a node and its
 * children; it fails a Task or a Synchronous StatusCheck that has not finished. Every injected
 * fault is recovered and proven gone, also when the workflow is aborted.
 */
export async function runStepTree(
  root: Step,
  runtime: StepRuntime,
  outer?: AbortSignal,
): Promise<StepTreeResult> {
  const workflow = new AbortController();
  const signal = outer ? AbortSignal.any([outer, workflow.signal]) : workflow.signal;
  const result: StepTreeResult = { failures: [], faults: [], differences: [], aborted: false };
  const abort = (why: string): void => {
    result.aborted = true;
    workflow.abort(new Error(why));
  };
  await runStep(root, { runtime, result, abort }, signal);
  return result;
}

interface Run {
  runtime: StepRuntime;
  result: StepTreeResult;
  abort(why: string): void;
}

async function runStep(step: Step, run: Run, parent: AbortSignal): Promise<void> {
  if (parent.aborted) return;
  const { runtime } = run;
  const startedAt = runtime.clock.now();
  runtime.onEvent({ at: startedAt, kind: 'step-start', step: step.name, detail: `${step.type} started` });
  const deadline = new AbortController();
  const timer =
    step.deadlineMs !== undefined && step.type !== 'Fault' && step.type !== 'Suspend'
      ? runtime.clock.schedule(step.deadlineMs, () => deadline.abort(new Error('deadline')))
      : undefined;
  const signal = AbortSignal.any([parent, deadline.signal]);
  let detail = 'done';
  try {
    detail = (await STEP_TYPES[step.type](step as never, run, signal)) ?? 'done';
    if (deadline.signal.aborted && !parent.aborted)
      detail = `deadline ${formatDuration(step.deadlineMs!)} reached`;
  } finally {
    timer?.cancel();
    const at = runtime.clock.now();
    runtime.onEvent({
      at,
      kind: 'step-end',
      step: step.name,
      detail: `${detail} (${formatDuration(at - startedAt)})`,
    });
  }
}

type StepType = Step['type'];
type StepRunner<T extends StepType> = (
  step: StepOf<T>,
  run: Run,
  signal: AbortSignal,
) => Promise<string | undefined>;

/** Each step type's runner: a plain map, as Chaos Mesh routes template types. */
const STEP_TYPES: { [T in StepType]: StepRunner<T> } = {
  Serial: async (step, run, signal) => {
    for (const child of step.children) await runStep(child, run, signal);
    return undefined;
  },
  Parallel: async (step, run, signal) => {
    await Promise.all(step.children.map((child) => runStep(child, run, signal)));
    return undefined;
  },
  Suspend: async (step, run, signal) => {
    await sleep(run, step.deadlineMs, signal);
    return `waited ${formatDuration(step.deadlineMs)}`;
  },
  Task: async (step, run, signal) => {
    const { exitCode, output } = await run.runtime.runTask(step, signal);
    const tail = output.trim().split('\n').slice(-3).join(' | ');
    if (exitCode === 0) return `exit 0${tail ? `: ${tail}` : ''}`;
    if (run.result.aborted) return 'stopped: the workflow was aborted';
    const why =
      exitCode === null
        ? `killed at its deadline ${formatDuration(step.deadlineMs ?? 0)}`
        : `exit ${exitCode}`;
    run.result.failures.push({ step: step.name, detail: `${why}${tail ? `: ${tail}` : ''}`, aborted: false });
    return `FAILED: ${why}`;
  },
  StatusCheck: async (step, run, signal) => {
    const outcome = await runStatusCheck(step, run.runtime, signal);
    if (outcome.ok || run.result.aborted) return outcome.detail;
    run.result.failures.push({ step: step.name, detail: outcome.detail, aborted: step.abortWithStatusCheck });
    if (step.abortWithStatusCheck) run.abort(`status check '${step.name}' failed`);
    return `FAILED: ${outcome.detail}`;
  },
  Fault: async (step, run, signal) => runFault(step, run, signal),
};

/** How long a fault stays injected: its duration, cut by its deadline; a kill is instantaneous. */
function activeMs(step: StepOf<'Fault'>, defaultMs: number): number {
  const { fault } = step;
  const oneShot =
    fault.kind === 'PodChaos' && (fault.action === 'pod-kill' || fault.action === 'container-kill');
  const durations = [fault.durationMs, step.deadlineMs].filter((ms): ms is number => ms !== undefined);
  if (oneShot) return fault.durationMs !== undefined ? Math.min(...durations) : 0;
  return durations.length > 0 ? Math.min(...durations) : defaultMs;
}

async function runFault(step: StepOf<'Fault'>, run: Run, signal: AbortSignal): Promise<string> {
  const { runtime, result } = run;
  let injected;
  runtime.onFaultWindow?.('injecting', runtime.clock.now());
  try {
    injected = await runtime.inject(step, signal);
  } catch (error) {
    const detail = `injection failed: ${error instanceof Error ? error.message : String(error)}`;
    result.failures.push({ step: step.name, detail, aborted: true });
    run.abort(detail);
    return detail;
  }
  const injectedAt = runtime.clock.now();
  const proof: (typeof result.faults)[number] = { step: step.name, description: injected.description };
  result.faults.push(proof);
  for (const difference of injected.differences)
    if (!result.differences.includes(difference)) result.differences.push(difference);
  runtime.onEvent({ at: injectedAt, kind: 'fault-injected', step: step.name, detail: injected.description });
  runtime.onFaultWindow?.('injected', injectedAt);
  const activeFor = activeMs(step, runtime.defaultFaultMs);
  try {
    proof.bites = await injected.proveBites().catch((error: unknown) => ({
      ok: false,
      detail: `the check failed: ${error instanceof Error ? error.message : String(error)}`,
    }));
    runtime.onEvent({
      at: runtime.clock.now(),
      kind: 'fault-bites',
      step: step.name,
      detail: proofLine(proof.bites),
    });
    await sleep(run, activeFor - (runtime.clock.now() - injectedAt), signal);
  } finally {
    await recoverAndProve(step, injected, proof, run);
  }
  // A chaos node lasts its deadline even when the fault's own duration ended sooner.
  if (step.deadlineMs !== undefined)
    await sleep(run, step.deadlineMs - (runtime.clock.now() - injectedAt), signal);
  return `${injected.description}: injected for ${formatDuration(activeFor)}`;
}

async function recoverAndProve(
  step: StepOf<'Fault'>,
  injected: Awaited<ReturnType<StepRuntime['inject']>>,
  proof: StepTreeResult['faults'][number],
  run: Run,
): Promise<void> {
  const { runtime } = run;
  try {
    await injected.recover();
  } catch (error) {
    proof.gone = {
      ok: false,
      detail: `recovery failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const removedAt = runtime.clock.now();
  runtime.onEvent({ at: removedAt, kind: 'fault-removed', step: step.name, detail: injected.description });
  runtime.onFaultWindow?.('removed', removedAt);
  proof.gone ??= await injected.proveGone().catch((error: unknown) => ({
    ok: false,
    detail: `the check failed: ${error instanceof Error ? error.message : String(error)}`,
  }));
  runtime.onEvent({
    at: runtime.clock.now(),
    kind: 'fault-gone',
    step: step.name,
    detail: proofLine(proof.gone),
  });
}

function proofLine(proof: { ok: boolean; detail: string }): string {
  return `${proof.ok ? 'proven' : 'NOT proven'}: ${proof.detail}`;
}

/** Sleeps on the runtime's clock; an abort just ends the sleep. */
async function sleep(run: Run, ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return;
  await run.runtime.clock.sleep(ms, signal).catch(() => undefined);
}
