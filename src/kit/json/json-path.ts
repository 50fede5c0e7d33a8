/** One step into a JSON value: an object key or an array index. */
export type JsonPathSegment = string | number;

// A path deeper than this is shown by its ends; a 10,000-level path helps nobody.
const SHOWN_SEGMENTS = 12;
const SHOWN_KEY_LENGTH = 64;

/**
 * The dotted field name zod's issues use (`body.payload.a.0`), keys shown escaped (control
 * characters and lone surrogates as `\uXXXX`) and cut at 64 characters, long paths by their ends.
 */
export function fieldOf(root: string, segments: readonly JsonPathSegment[]): string {
  const shown =
    segments.length <= SHOWN_SEGMENTS
      ? segments.map(showSegment)
      : [
          ...segments.slice(0, SHOWN_SEGMENTS - 2).map(showSegment),
          `…(${segments.length - SHOWN_SEGMENTS} more)…`,
          ...segments.slice(-2).map(showSegment),
        ];
  return [root, ...shown].filter((part) => part !== '').join('.');
}

function showSegment(segment: JsonPathSegment): string {
  if (typeof segment === 'number') return String(segment);
  const cut = segment.length > SHOWN_KEY_LENGTH ? `${segment.slice(0, SHOWN_KEY_LENGTH)}…` : segment;
  return JSON.stringify(cut).slice(1, -1);
}
