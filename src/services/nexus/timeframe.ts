import { parseIsoDuration, type IsoDurationParse } from '../../kit/time/index.ts';

/**
 * A temporal slice's timeframe: how far back and ahead of now it looks, each an ISO-8601
 * duration (parsed by kit/time) of at most MAX_SPAN_DAYS, since a slice window must be exact
 * and bounded.
 */

/** The longest lookback or lookahead. */
export const MAX_SPAN_DAYS = 366;

const MAX_SPAN_MS = MAX_SPAN_DAYS * 86_400_000;

/** Parses a lookback or lookahead: an ISO-8601 duration of at most MAX_SPAN_DAYS. */
export function parseTimeframeSpan(text: string): IsoDurationParse {
  const parsed = parseIsoDuration(text);
  if (parsed.ok && parsed.ms > MAX_SPAN_MS)
    return { ok: false, message: `at most ${MAX_SPAN_DAYS} days (P${MAX_SPAN_DAYS}D); got '${text}'` };
  return parsed;
}

/** A slice's window in epoch milliseconds. */
export interface SliceWindow {
  from: number;
  to: number;
}

/** The window `[now - lookback, now + lookahead]`. */
export function sliceWindow(now: number, lookbackMs: number, lookaheadMs: number): SliceWindow {
  return { from: now - lookbackMs, to: now + lookaheadMs };
}
