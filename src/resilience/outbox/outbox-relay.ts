import type { Clock, TimerHandle } from '../../kit/time/index.ts';
import type { DurableOutbox, OutboxEntry, OutboxStats } from './durable-outbox.ts';

/** How a relay drains one topic. */
export interface RelayOptions {
  outbox: DurableOutbox;
  topic: string;
  /** Delivers one message; throws to have it retried later. Must be idempotent on the receiver. */
  deliver(entry: OutboxEntry): Promise<void>;
  clock: Clock;
  /** Pause between drains while the queue is empty or healthy. */
  intervalMs: number;
  /** Longest pause after repeated failures. */
  maxBackoffMs?: number;
  batchSize?: number;
  /** Told of each failed attempt (for logging). */
  onFailure?(entry: OutboxEntry, error: unknown): void;
}

/**
 * Delivers a topic's messages in order: a failure stops the batch (so order holds) and backs off
 * exponentially with jitter; a success resets the backoff. Timing comes from the injected clock.
 */
export class OutboxRelay {
  readonly #options: Required<Omit<RelayOptions, 'onFailure'>> & Pick<RelayOptions, 'onFailure'>;
  #timer: TimerHandle | undefined;
  #running: Promise<number> | undefined;
  #failures = 0;
  #stopped = true;
  #delivered = 0;
  #nudged = false;

  constructor(options: RelayOptions) {
    this.#options = { maxBackoffMs: 10_000, batchSize: 100, ...options };
  }

  /** Starts draining in the background. */
  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops after the drain in progress, if any. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    await this.#running;
  }

  /**
   * Asks for a drain now rather than at the next interval, e.g. right after an enqueue, so a
   * healthy peer gets the message at once. Ignored while backing off from failures.
   */
  nudge(): void {
    if (this.#stopped || this.#failures > 0) return;
    if (this.#running) {
      // The batch in progress may have been read before this message: go again right after it.
      this.#nudged = true;
      return;
    }
    this.#timer?.cancel();
    this.#schedule(0);
  }

  /** Drains once now; resolves with how many messages were delivered. */
  drain(): Promise<number> {
    this.#running ??= this.#drainOnce().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Queue depth and age. */
  stats(): OutboxStats & { delivered: number; consecutiveFailures: number } {
    return {
      ...this.#options.outbox.stats(this.#options.topic, this.#options.clock.now()),
      delivered: this.#delivered,
      consecutiveFailures: this.#failures,
    };
  }

  async #drainOnce(): Promise<number> {
    const { outbox, topic, batchSize, deliver } = this.#options;
    let delivered = 0;
    for (const entry of outbox.peek(topic, batchSize)) {
      try {
        await deliver(entry);
      } catch (error) {
        outbox.recordFailure(entry.id, error instanceof Error ? error.message : String(error));
        this.#options.onFailure?.(entry, error);
        this.#failures += 1;
        return delivered;
      }
      outbox.acknowledge(entry.id);
      this.#failures = 0;
      this.#delivered += 1;
      delivered += 1;
    }
    return delivered;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = this.#options.clock.schedule(delayMs, () => {
      void this.drain().then(() => {
        const again = this.#nudged && this.#failures === 0;
        this.#nudged = false;
        this.#schedule(again ? 0 : this.#nextDelay());
      });
    });
  }

  #nextDelay(): number {
    const { intervalMs, maxBackoffMs } = this.#options;
    if (this.#failures === 0) return intervalMs;
    const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(this.#failures, 10));
    // Full jitter keeps many relays from retrying a recovering peer in lockstep.
    return Math.max(intervalMs, Math.round(Math.random() * backoff));
  }
}
