/** NetworkChaos `delay` parameters, in milliseconds and percent. */
export interface DelaySettings {
  latencyMs: number;
  jitterMs: number;
  /** 0–100: how much each draw leans on the previous one, as netem's correlation. */
  correlation: number;
}

/**
 * Draws each chunk's delay: latency ± jitter, uniformly, with netem's correlation (the next
 * uniform draw is `c·previous + (1−c)·fresh`). Never negative.
 */
export function latencySampler(settings: DelaySettings, random: () => number = Math.random): () => number {
  const correlation = Math.min(100, Math.max(0, settings.correlation)) / 100;
  let previous = random();
  return () => {
    const draw = correlation * previous + (1 - correlation) * random();
    previous = draw;
    return Math.max(0, settings.latencyMs + settings.jitterMs * (2 * draw - 1));
  };
}

/**
 * When a chunk received at `now` is sent on: after its delay, but never before the chunk ahead
 * of it — a TCP stream stays in order even when jitter draws a shorter delay.
 */
export function releaseAt(now: number, delayMs: number, previousRelease: number): number {
  return Math.max(now + delayMs, previousRelease);
}
