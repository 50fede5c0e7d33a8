import type { RunEvent } from '../report/index.ts';
import type { Experiment } from '../spec/index.ts';
import type { StepTreeResult } from './step-engine.ts';

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
