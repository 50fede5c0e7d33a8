/**
 * Durations as Chaos Mesh writes them: Go's `time.ParseDuration` syntax (`30s`, `1m30s`,
 * `500ms`, `1.5h`), unsigned. kit/time's parser takes one unit only, so Go's compound form
 * lives here, next to the only files that use it.
 */
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** What a Go duration looks like, for error messages. */
export const GO_DURATION_FORMAT =
  "a Go duration: numbers with units h, m, s, ms, us, ns (e.g. '30s', '1m30s', '500ms')";

/** Parses a Go duration to whole milliseconds, or undefined when the text is not one. `0` is allowed, as in Go. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (!GO_DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit!]!;
  return Math.round(ms);
}
