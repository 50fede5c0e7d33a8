/**
 * Wraps `work` so that calls made while one is running share its result instead of starting
 * another: two Prometheus servers scraping at once must not double every probe.
 */
export function singleFlight<T>(work: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= work().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
