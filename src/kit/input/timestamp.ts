import { z } from 'zod';

/**
 * The instants every store keeps and gives back exactly: PGlite, PostgreSQL and Cassandra store
 * far wider, but PGlite's reader (JavaScript's Date of the text) turns years 0–99 into 1900–1999
 * or 2000–2049, so the range starts at 0100; 9999 is the last four-digit year. Found by the
 * round-trip tests of test/integration/stores/round-trip*.test.ts.
 */
export const TIMESTAMP_RANGE = Object.freeze({
  min: '0100-01-01T00:00:00.000Z',
  max: '9999-12-31T23:59:59.999Z',
});

/** Timestamps are kept to the millisecond: the stores' readers give back a JavaScript Date. */
export const TIMESTAMP_PRECISION_DIGITS = 3;

const FOUR_DIGIT_YEAR_FROM_0100 = /^(?:0[1-9]\d\d|[1-9]\d{3})-/;
// PostgreSQL (and PGlite) refuse a displacement beyond ±15:59 (22009), though RFC 3339 allows ±23:59.
const OFFSET_WITHIN_15_59 = /(?:Z|[+-](?:0\d|1[0-5]):[0-5]\d)$/;
const MIN_MS = Date.parse(TIMESTAMP_RANGE.min);
const MAX_MS = Date.parse(TIMESTAMP_RANGE.max);
const RULE = `expected an RFC 3339 timestamp from ${TIMESTAMP_RANGE.min} to ${TIMESTAMP_RANGE.max} to the millisecond, e.g. 2024-05-01T12:00:00Z`;

/**
 * An RFC 3339 instant with an offset (`Z` or `±HH:MM` up to ±15:59), a four-digit year from 0100, real calendar
 * days, no leap second (PostgreSQL would roll `:60` into the next minute), and no digit below the
 * millisecond other than 0 (it would be lost). The instant itself, after its offset, must be in
 * TIMESTAMP_RANGE. The text is kept as written; compare instants with Date.parse.
 */
export const timestampSchema = z.iso
  .datetime({ offset: true, error: RULE, abort: true })
  .regex(FOUR_DIGIT_YEAR_FROM_0100, RULE)
  .regex(OFFSET_WITHIN_15_59, `${RULE}; offsets are at most ±15:59`)
  .superRefine((text, ctx) => {
    // Said once: the format's own message already covers text that is not a timestamp.
    if (
      !FOUR_DIGIT_YEAR_FROM_0100.test(text) ||
      !OFFSET_WITHIN_15_59.test(text) ||
      Number.isNaN(Date.parse(text))
    )
      return;
    const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
    if (/[1-9]/.test(fraction.slice(TIMESTAMP_PRECISION_DIGITS))) {
      ctx.addIssue({ code: 'custom', message: `${RULE}: digits below the millisecond would be lost` });
      return;
    }
    const instant = Date.parse(text);
    if (!(instant >= MIN_MS && instant <= MAX_MS))
      ctx.addIssue({
        code: 'custom',
        message: `${RULE}: this one is outside the range once its offset is applied`,
      });
  });
