import { randomBytes } from 'node:crypto';
import type { Clock } from '../../kit/time/index.ts';
import { createK8sChaosBackend } from '../k8s/index.ts';
import { writeReports } from '../report/index.ts';
import type { ExperimentRun, SuiteRun } from '../report/index.ts';
import type { Experiment } from '../spec/index.ts';
import { httpCall, type FetchLike } from '../verdict/index.ts';
import { k8sExecute } from './k8s-execute.ts';
import { localStepRuntime } from './local-step-runtime.ts';
import { runExperiment, type Execute } from './run-experiment.ts';
import { runStepTree } from './step-engine.ts';
import type { StepDisplay } from './step-display.ts';

/** How the suite runs. */
export interface SuiteOptions {
  experiments: readonly Experiment[];
  mode: 'run' | 'validate-only';
  target: 'local' | 'k8s';
  /** The local cluster's state folder (local target). */
  stateDir: string;
  /** Service pod names; URLs are `http://<name>:8080` as in the runbook. */
  services: readonly string[];
  outputDir: (suiteId: string) => string;
  /** Each experiment's budget; when it passes the run is stopped (faults recovered) and fails. */
  timeoutMs: number;
  environment: string;
  force: boolean;
  clock: Clock;
  display: StepDisplay;
  signal?: AbortSignal;
  fetch?: FetchLike;
}

/** A new suite id: sortable by time, safe in RIM ids, policy names and file names. */
export function newSuiteId(now: number): string {
  const stamp = new Date(now).toISOString().replaceAll(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `chaos-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Runs the experiments one after another and writes the reports; resolves with the suite and their paths. */
export async function runSuite(
  options: SuiteOptions,
): Promise<{ suite: SuiteRun; reports: ReturnType<typeof writeReports> }> {
  const { clock } = options;
  const fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const http = (request: Parameters<typeof httpCall>[2]) => httpCall(fetch, clock, request);
  const suite: SuiteRun = {
    id: newSuiteId(clock.now()),
    startedAt: clock.now(),
    endedAt: clock.now(),
    runs: [],
  };
  const baseUrls = Object.fromEntries(options.services.map((name) => [name, `http://${name}:8080`]));
  const healthUrls = Object.fromEntries(
    options.services.map((name) => [name, `${baseUrls[name]}/actuator/health`]),
  );
  const local = localStepRuntime({ stateDir: options.stateDir, clock, http, defaultFaultMs: 60_000 });
  const k8s = options.target === 'k8s' && options.mode === 'run' ? createK8sChaosBackend() : undefined;

  for (const [index, experiment] of options.experiments.entries()) {
    if (options.signal?.aborted) break;
    const timeout = new AbortController();
    const timer = clock.schedule(options.timeoutMs, () =>
      timeout.abort(new Error(`timed out after ${Math.round(options.timeoutMs / 1000)}s`)),
    );
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    const execute: Execute = k8s
      ? k8sExecute(k8s, experiment, {
          environment: options.environment,
          force: options.force,
          timeoutMs: options.timeoutMs,
        })
      : (tree, hooks, treeSignal) => runStepTree(tree, { ...local, ...hooks }, treeSignal);
    options.display.begin(`${experiment.name} (${options.mode}, ${options.target})`, clock.now());
    let run: ExperimentRun;
    try {
      run = await runExperiment({
        experiment,
        mode: options.mode,
        target: options.target,
        runId: `${suite.id}-${index}`,
        clock,
        http,
        execute,
        healthUrls,
        serviceUrls: baseUrls,
        onEvent: (event) => options.display.event(event),
        signal,
      });
    } finally {
      timer.cancel();
      options.display.end();
    }
    suite.runs.push(run);
  }
  suite.endedAt = clock.now();
  const reports = writeReports(suite, options.outputDir(suite.id));
  return { suite, reports };
}
