import { readClusterState } from '../cluster/index.ts';
import type { Clock } from '../kit/time/index.ts';
import { collectStatus, type AlertRule, type StatusReport } from '../ops/status/index.ts';

/** One supervised pod as `butterfly ps` shows it: its state and restarts. */
export interface PodRow {
  pod: string;
  service: boolean;
  state: string;
  restarts: number;
}

/** What the "Now" page shows: the status report plus the supervisor's pods. */
export interface NowView {
  report: StatusReport;
  pods: PodRow[];
}

/** The same status as `butterfly status`, plus the pods of the cluster's state file. */
export async function collectNow(options: {
  stateDir: string;
  clock: Clock;
  rules: readonly AlertRule[];
}): Promise<NowView> {
  const report = await collectStatus(options);
  const state = readClusterState(options.stateDir);
  const pods = (state?.pods ?? []).map(({ pod, status }) => ({
    pod: pod.name,
    service: Boolean(pod.service),
    state: status?.state ?? 'Unknown',
    restarts: status?.restarts ?? 0,
  }));
  return { report, pods };
}

/**
 * Collects the Now view every `intervalMs` while anyone listens, once for all listeners (a
 * hundred open pages cost one status pass per interval, not a hundred).
 */
export class NowFeed {
  readonly #collect: () => Promise<NowView>;
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #listeners = new Set<(view: NowView) => void>();
  #latest: NowView | undefined;
  #looping = false;
  #stopped = false;

  constructor(collect: () => Promise<NowView>, clock: Clock, intervalMs: number) {
    this.#collect = collect;
    this.#clock = clock;
    this.#intervalMs = intervalMs;
  }

  /** The newest view: the stream's while it runs, else a fresh pass (a held one would be stale). */
  async latest(): Promise<NowView> {
    if (this.#looping && this.#latest) return this.#latest;
    return (this.#latest = await this.#collect());
  }

  /** Calls `listener` with every new view until the returned function is called. */
  subscribe(listener: (view: NowView) => void): () => void {
    this.#listeners.add(listener);
    if (this.#latest) listener(this.#latest);
    void this.#loop();
    return () => this.#listeners.delete(listener);
  }

  /** Ends the loop (server close). */
  stop(): void {
    this.#stopped = true;
  }

  async #loop(): Promise<void> {
    if (this.#looping) return;
    this.#looping = true;
    try {
      while (!this.#stopped && this.#listeners.size > 0) {
        const started = this.#clock.now();
        // A failed pass keeps the last view; status itself reports unobserved parts.
        const view = await this.#collect().catch(() => undefined);
        if (view) {
          this.#latest = view;
          for (const listener of this.#listeners) listener(view);
        }
        const rest = this.#intervalMs - (this.#clock.now() - started);
        if (rest > 0) await this.#clock.sleep(rest).catch(() => undefined);
      }
    } finally {
      this.#looping = false;
    }
  }
}
