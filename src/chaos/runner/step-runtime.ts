import type { ActiveFault } from '../fault/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import type { RunEvent } from '../report/index.ts';
import type { Step } from '../spec/index.ts';
import type { HttpRequest, HttpAnswer } from '../verdict/index.ts';

/** The member of `S` whose `type` admits `T` (Serial and Parallel share one member). */
type MemberOf<S, T> = S extends { type: infer U } ? (T extends U ? S : never) : never;

/** A step of one type. */
export type StepOf<T extends Step['type']> = MemberOf<Step, T>;

/** How a Task's command ended: its exit code (null when killed) and the tail of its output. */
export interface TaskResult {
  exitCode: number | null;
  output: string;
}

/**
 * What the step engine needs from the world. The runner passes the real ones (local injectors,
 * /bin/sh, fetch); the engine's tests pass fakes on a manual clock.
 */
export interface StepRuntime {
  clock: Clock;
  /** Injects a Fault step's fault (selectors resolved now, against live roles). */
  /** The engine reads no id: it names a fault by its step. */
  inject(step: StepOf<'Fault'>, signal: AbortSignal): Promise<Omit<ActiveFault, 'id'>>;
  /** Runs a Task's command; on abort it kills the command and answers exit code null. */
  runTask(step: StepOf<'Task'>, signal: AbortSignal): Promise<TaskResult>;
  http(request: HttpRequest): Promise<HttpAnswer>;
  onEvent(event: RunEvent): void;
  /**
   * Told when an injection begins (its setup may already disturb traffic), when the fault is in
   * and when it is removed, so probes, detection and the workload's judgement follow the window.
   */
  onFaultWindow?(change: 'injecting' | 'injected' | 'removed', at: number): void;
  /** How long a fault with neither duration nor deadline stays (pod-kill is instantaneous regardless). */
  defaultFaultMs: number;
}
