import type { Clock } from '../../kit/time/index.ts';
import type { RunEvent, RunTimings } from '../report/index.ts';
import type { HttpProbe } from '../spec/index.ts';
import type { Baseline, ProbeObservation } from '../verdict/index.ts';
import { healthRound, probeRound, type Http } from './probe-round.ts';

/** What the monitor watches with. */
export interface FaultMonitorOptions {
  clock: Clock;
  http: Http;
  probes: readonly HttpProbe[];
  healthUrls: Readonly<Record<string, string>>;
  /** Watched health values before the fault, and signals already present then (not detections). */
  baseline: Baseline;
  steadySignals: ReadonlySet<string>;
  intervalMs: number;
  timings: RunTimings;
  observations: ProbeObservation[];
  onEvent: (event: RunEvent) => void;
  /** Told when the first injection begins. */
  onInjecting?: (at: number) => void;
}

/**
 * Follows the fault window: from the injection until recovery it runs the `during` probes; from the first
 * injection until something shows the fault it looks for detection (a `detection` probe failing,
 * a health component or breaker that was fine before, a degraded answer); once every fault is
 * removed it runs the `after` probes until all pass — the recovery.
 */
export class FaultMonitor {
  readonly #options: FaultMonitorOptions;
  #active = 0;
  #stopped = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: FaultMonitorOptions) {
    this.#options = options;
  }

  /** The step engine's window hook. */
  onFaultWindow(change: 'injecting' | 'injected' | 'removed', at: number): void {
    const { timings, onEvent } = this.#options;
    if (change === 'injecting') {
      this.#options.onInjecting?.(at);
      return;
    }
    if (change === 'injected') {
      this.#active += 1;
      timings.faultInjectedAt ??= at;
      if (timings.recoveredAt !== undefined) {
        // A second fault after a recovery: recovery is measured from the last removal.
        delete timings.recoveredAt;
        onEvent({ at, kind: 'info', detail: 'another fault injected: recovery is measured again' });
      }
      this.#loop ??= this.#run();
    } else {
      this.#active = Math.max(0, this.#active - 1);
      if (this.#active === 0) timings.faultRemovedAt = at;
    }
    this.#wake?.();
  }

  /** True once detected and recovered (nothing more to watch). */
  get settled(): boolean {
    const { timings } = this.#options;
    return timings.detectedAt !== undefined && timings.recoveredAt !== undefined && this.#active === 0;
  }

  /**
   * Waits until the run is settled or `giveUpAt` passes (measured from the removal, so a recovery
   * slightly over its budget is still measured), then stops watching.
   */
  async finish(giveUpAt: (removedAt: number) => number): Promise<void> {
    const { clock, timings } = this.#options;
    while (this.#loop && !this.settled) {
      const removedAt = timings.faultRemovedAt ?? clock.now();
      if (clock.now() >= giveUpAt(removedAt)) break;
      await clock.sleep(this.#options.intervalMs);
    }
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { clock, intervalMs } = this.#options;
    while (!this.#stopped) {
      await this.#tick();
      if (this.#stopped) break;
      // Sleeps one interval, or less when the window changes (a removal starts the recovery watch at once).
      await new Promise<void>((resolve) => {
        const timer = clock.schedule(intervalMs, resolve);
        this.#wake = () => {
          timer.cancel();
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  async #tick(): Promise<void> {
    const { timings } = this.#options;
    const rounds: Promise<void>[] = [];
    // The fault's effects outlast an instantaneous fault (a killed pod restarting): `during`
    // covers everything from the injection until the system has recovered.
    if (timings.faultInjectedAt !== undefined && timings.recoveredAt === undefined)
      rounds.push(this.#during());
    if (timings.detectedAt === undefined) rounds.push(this.#detect());
    if (this.#active === 0 && timings.faultRemovedAt !== undefined && timings.recoveredAt === undefined) {
      rounds.push(this.#recovery());
    }
    await Promise.all(rounds);
  }

  async #during(): Promise<void> {
    const { http, probes, clock, observations, onEvent } = this.#options;
    const during = probes.filter((probe) => probe.phases.includes('during') && !probe.detection);
    const results = await probeRound(http, during, 'during', () => clock.now());
    for (const { observation, signals, answeredAt } of results) {
      observations.push(observation);
      if (observation.failures.length > 0) {
        onEvent({
          at: observation.at,
          kind: 'probe-failed',
          step: observation.probe,
          detail: observation.failures.join('; '),
        });
      }
      this.#detected(answeredAt, signals);
    }
  }

  async #detect(): Promise<void> {
    const { http, probes, clock, healthUrls, baseline } = this.#options;
    const detectors = probes.filter((probe) => probe.detection);
    // Detection is when an answer showed the fault, not when the question was asked.
    const [results, health] = await Promise.all([
      probeRound(http, detectors, 'during', () => clock.now()),
      healthRound(http, healthUrls, baseline).then((signals) => ({ signals, at: clock.now() })),
    ]);
    for (const { observation, answeredAt } of results) {
      if (observation.failures.length > 0)
        this.#detected(
          answeredAt,
          [`probe '${observation.probe}': ${observation.failures.join('; ')}`],
          true,
        );
    }
    this.#detected(health.at, health.signals);
  }

  async #recovery(): Promise<void> {
    const { http, probes, clock, observations, timings, onEvent } = this.#options;
    const after = probes.filter((probe) => probe.phases.includes('after'));
    const at = clock.now();
    const results = await probeRound(http, after, 'after', () => clock.now());
    for (const { observation } of results) observations.push(observation);
    if (this.#active > 0 || timings.recoveredAt !== undefined) return;
    // A round asked before the detection's answer landed saw the platform before the fault's
    // effect was seen; recovery is judged only from rounds after it, so it never precedes detection.
    if (timings.detectedAt !== undefined && at < timings.detectedAt) return;
    if (results.every(({ observation }) => observation.failures.length === 0)) {
      timings.recoveredAt = at;
      onEvent({
        at,
        kind: 'recovered',
        detail: after.length > 0 ? `all ${after.length} after-probes pass` : 'no after-probes to wait for',
      });
    }
  }

  /** Records the first detection: a signal the steady state did not have, seen after the injection. */
  #detected(at: number, signals: readonly string[], fresh = false): void {
    const { timings, steadySignals, onEvent } = this.#options;
    if (timings.detectedAt !== undefined || timings.faultInjectedAt === undefined) return;
    const news = fresh ? signals : signals.filter((signal) => !steadySignals.has(signal));
    if (news.length === 0) return;
    timings.detectedAt = Math.max(at, timings.faultInjectedAt);
    onEvent({ at: timings.detectedAt, kind: 'detected', detail: news.slice(0, 3).join('; ') });
  }
}
