/**
 * Configuration durations (kit/time is the one module that parses durations; the API's
 * ISO-8601 ones are in `iso-duration.ts`). Accepted: a whole number of milliseconds, or a
 * number with a unit: `ms`, `s`, `m`, `h` (e.g. `250ms`, `1.5s`, `15s`, `2m`).
 */
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;

/** Parses a duration to milliseconds, or returns undefined when the text is not one. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : undefined;
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 'ms') as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}

/** A human description of what parseDuration accepts, for error messages. */
export const DURATION_FORMAT = "milliseconds, or a number with ms, s, m or h (e.g. '500ms', '15s')";

/** Renders milliseconds compactly for people: `850ms`, `12.3s`, `4m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
