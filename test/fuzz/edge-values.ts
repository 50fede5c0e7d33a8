// Edge values within the documented input limits (docs/services.md, "Limits of input"), as
// fast-check arbitraries and constants: what the round-trip tests push through every store.
import fc from 'fast-check';
import { JSON_LIMITS, jsonValueIssue, textProblem } from '../../src/kit/json/index.ts';
import { TIMESTAMP_RANGE } from '../../src/kit/input/index.ts';

export const MIN_MS = Date.parse(TIMESTAMP_RANGE.min);
export const MAX_MS = Date.parse(TIMESTAMP_RANGE.max);

/** One character of each Unicode plane in use (0, 1, 2, 3, 14, 15, 16), the BOM and U+FFFD. */
export const PLANE_SAMPLES = 'Aü中\uFEFF\uFFFD\u{1F600}\u{20000}\u{30000}\u{E0001}\u{F0000}\u{10FFFD}';

/** The longest key allowed, in astral characters (two UTF-16 units each). */
export const LONGEST_KEY = '\u{1F98B}'.repeat(JSON_LIMITS.maxKeyLength / 2);

/** An object nested `levels` deep (the object itself is level 1). */
export function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: PLANE_SAMPLES };
  for (let level = 1; level < levels; level += 1) value = { a: value };
  return value;
}

/** Every extreme at once: the deepest object, the longest key, the largest numbers, every plane. */
export const EDGE_OBJECT: Record<string, unknown> = Object.freeze({
  [LONGEST_KEY]: LONGEST_KEY,
  deep: nested(JSON_LIMITS.maxDepth - 1),
  maxInteger: Number.MAX_SAFE_INTEGER,
  minInteger: -Number.MAX_SAFE_INTEGER,
  largest: Number.MAX_VALUE,
  smallest: Number.MIN_VALUE,
  negative: -0.1,
  planes: PLANE_SAMPLES,
  list: [null, true, false, 0, '', [], {}],
});

/** A timestamp as a client may write it (any offset), and its instant. */
export interface EdgeTimestamp {
  text: string;
  ms: number;
}

/** `ms` written at `offsetMinutes` from UTC, RFC 3339 (`2024-05-01T14:00:00.000+02:00`). */
export function writtenAt(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  return `${local}${sign}${hours}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
}

/** Instants across the range, its ends most of all, written with and without an offset. */
export const edgeTimestamp: fc.Arbitrary<EdgeTimestamp> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(MIN_MS, MAX_MS, MIN_MS + 1, MAX_MS - 1, 0, -1, Date.parse('1582-10-15T00:00:00Z')),
      fc.integer({ min: MIN_MS, max: MAX_MS }),
    ),
    fc.oneof(fc.constant(0), fc.integer({ min: -15 * 60 - 59, max: 15 * 60 + 59 })),
  )
  .map(([ms, offset]) => {
    const local = ms + offset * 60_000;
    const fits = local >= MIN_MS && local <= MAX_MS;
    return { text: writtenAt(ms, fits ? offset : 0), ms };
  });

/** Text a request may carry: any code point but NUL, every plane. */
export const edgeText: fc.Arbitrary<string> = fc
  .oneof(fc.constant(PLANE_SAMPLES), fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }))
  .filter((text) => text.length > 0 && textProblem(text) === undefined);

/** Free-form objects within the JSON limits, the extreme one among them. */
export const edgeObject: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant(EDGE_OBJECT),
  fc
    .dictionary(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }),
      { maxKeys: 6 },
    )
    .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>)
    .filter((value) => jsonValueIssue(value) === undefined),
);
