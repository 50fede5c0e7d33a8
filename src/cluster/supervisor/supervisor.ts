import type { Clock, TimerHandle } from '../../kit/time/index.ts';
import { DEFAULT_RESTART_BACKOFF, restartDelay, type RestartBackoff } from './backoff.ts';
import { spawnPod, type ChildHandle, type PodProcessSpec, type SpawnPod } from './pod-process.ts';

/** A supervised pod's lifecycle state. */
export type PodState = 'running' | 'backoff' | 'held' | 'stopping' | 'stopped';

/** What the supervisor knows of one pod. */
export interface PodStatus {
  id: string;
  state: PodState;
  pid: number | undefined;
  restarts: number;
  /** When the current process started (ms since epoch). */
  startedAt: number | undefined;
  lastExit: { code: number | null; signal: string | null; at: number } | undefined;
}

/** Supervisor settings. */
export interface SupervisorOptions {
  specs: readonly PodProcessSpec[];
  clock: Clock;
  spawn?: SpawnPod;
  backoff?: RestartBackoff;
  /** How long a pod gets to exit after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
  /** Told after every state change, e.g. to write the state file. */
  onChange?(statuses: PodStatus[]): void;
  /**
   * Asked before each restart: a pod a fault holds down (Chaos Mesh's pod-failure) is not
   * restarted until released; the answer is asked again every `holdPollMs`.
   */
  isHeld?(id: string): boolean;
  holdPollMs?: number;
}

interface Tracked {
  spec: PodProcessSpec;
  status: PodStatus;
  child: ChildHandle | undefined;
  exited: Promise<void>;
  restartTimer: TimerHandle | undefined;
  attempts: number;
}

/**
 * Keeps a set of pod processes running, like a StatefulSet controller: a pod that exits is
 * restarted after a doubling backoff; shutdown sends SIGTERM, then SIGKILL after a timeout.
 * Pods are tracked by their own id, never by PID alone.
 */
export class Supervisor {
  readonly #options: Required<Omit<SupervisorOptions, 'onChange' | 'isHeld'>> &
    Pick<SupervisorOptions, 'onChange' | 'isHeld'>;
  readonly #pods = new Map<string, Tracked>();
  #shuttingDown = false;
  #resolveStopped: () => void = () => {};
  /** Resolves when shutdown has finished and every pod has exited. */
  readonly stopped: Promise<void>;

  constructor(options: SupervisorOptions) {
    this.#options = {
      spawn: spawnPod,
      backoff: DEFAULT_RESTART_BACKOFF,
      stopTimeoutMs: 10_000,
      holdPollMs: 1000,
      ...options,
    };
    this.stopped = new Promise((resolve) => {
      this.#resolveStopped = resolve;
    });
  }

  /** Starts every pod. */
  start(): void {
    for (const spec of this.#options.specs) {
      const tracked: Tracked = {
        spec,
        status: {
          id: spec.id,
          state: 'stopped',
          pid: undefined,
          restarts: 0,
          startedAt: undefined,
          lastExit: undefined,
        },
        child: undefined,
        exited: Promise.resolve(),
        restartTimer: undefined,
        attempts: 0,
      };
      this.#pods.set(spec.id, tracked);
      this.#launch(tracked);
    }
    this.#changed();
  }

  /** Every pod's status, in spec order. */
  status(): PodStatus[] {
    return [...this.#pods.values()].map((tracked) => ({ ...tracked.status }));
  }

  /** Stops every pod: SIGTERM, then SIGKILL to any still alive after the stop timeout. */
  async shutdown(): Promise<void> {
    if (!this.#shuttingDown) {
      this.#shuttingDown = true;
      await Promise.all([...this.#pods.values()].map((tracked) => this.#stop(tracked)));
      this.#resolveStopped();
    }
    return this.stopped;
  }

  #launch(tracked: Tracked): void {
    const child = this.#options.spawn(tracked.spec);
    tracked.child = child;
    const startedAt = this.#options.clock.now();
    Object.assign(tracked.status, { state: 'running', pid: child.pid, startedAt });
    tracked.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        tracked.child = undefined;
        const now = this.#options.clock.now();
        tracked.status.lastExit = { code, signal, at: now };
        tracked.status.pid = undefined;
        if (this.#shuttingDown) {
          tracked.status.state = 'stopped';
        } else {
          // A run that lasted resets the backoff, like Kubernetes after 10 minutes of stability.
          if (now - startedAt >= this.#options.backoff.stableAfterMs) tracked.attempts = 0;
          tracked.attempts += 1;
          tracked.status.state = 'backoff';
          this.#scheduleRestart(tracked, restartDelay(this.#options.backoff, tracked.attempts));
        }
        this.#changed();
        resolve();
      });
    });
  }

  #scheduleRestart(tracked: Tracked, delayMs: number): void {
    tracked.restartTimer = this.#options.clock.schedule(delayMs, () => {
      tracked.restartTimer = undefined;
      if (this.#shuttingDown) return;
      if (this.#options.isHeld?.(tracked.spec.id)) {
        if (tracked.status.state !== 'held') {
          tracked.status.state = 'held';
          this.#changed();
        }
        this.#scheduleRestart(tracked, this.#options.holdPollMs);
        return;
      }
      tracked.status.restarts += 1;
      this.#launch(tracked);
      this.#changed();
    });
  }

  async #stop(tracked: Tracked): Promise<void> {
    tracked.restartTimer?.cancel();
    const child = tracked.child;
    if (!child) {
      tracked.status.state = 'stopped';
      return;
    }
    tracked.status.state = 'stopping';
    this.#changed();
    child.kill('SIGTERM');
    const escalation = this.#options.clock.schedule(this.#options.stopTimeoutMs, () => child.kill('SIGKILL'));
    await tracked.exited;
    escalation.cancel();
  }

  #changed(): void {
    this.#options.onChange?.(this.status());
  }
}
