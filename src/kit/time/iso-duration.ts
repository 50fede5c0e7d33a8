/**
 * ISO-8601 durations (`PT15M`, `PT1H`, `P1D`, `P1W`, `P1DT12H`, `PT0.5S`): the API's duration
 * format, next to configuration's (`duration.ts`). Years and months are refused: they have no
 * fixed length, so they cannot be a number of milliseconds.
 */

const DESIGNATORS = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;
const MS = { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 } as const;

/** What the format is, for error messages and the OpenAPI document. */
export const ISO_DURATION_FORMAT =
  "an ISO-8601 duration of weeks, days, hours, minutes and seconds, e.g. 'PT1H', 'P1D', 'P1DT12H', 'PT30S'";

/** A parsed ISO-8601 duration, or why the text is not one (a message naming the text). */
export type IsoDurationParse = { ok: true; ms: number } | { ok: false; message: string };

/** Parses an ISO-8601 duration to milliseconds; designators are case-insensitive. */
export function parseIsoDuration(text: string): IsoDurationParse {
  const trimmed = text.trim().toUpperCase();
  if (/^P(?:\d+Y)|^P[^T]*\d+M/.test(trimmed)) {
    return {
      ok: false,
      message: `years and months have no fixed length; use weeks or days (e.g. 'P30D'); got '${text}'`,
    };
  }
  const match = DESIGNATORS.exec(trimmed);
  if (!match || trimmed === 'P' || trimmed.endsWith('T'))
    return { ok: false, message: `expected ${ISO_DURATION_FORMAT}; got '${text}'` };
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * MS.week +
    Number(days ?? 0) * MS.day +
    Number(hours ?? 0) * MS.hour +
    Number(minutes ?? 0) * MS.minute +
    Math.round(Number(seconds ?? 0) * MS.second);
  return { ok: true, ms };
}
