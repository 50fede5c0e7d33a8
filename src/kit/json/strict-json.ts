import { JsonInputError } from './json-input-error.ts';
import { JSON_LIMITS, type JsonLimits } from './json-limits.ts';
import { scanJsonText } from './json-text-scan.ts';

/** Options of `parseStrictJson`. */
export interface StrictJsonOptions {
  /** Limits to hold the document to; unset ones are JSON_LIMITS'. */
  limits?: Partial<JsonLimits>;
  /** The name of the whole document in field paths (`body`, the prefix request errors use). */
  root?: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a request body as JSON that every store keeps exactly, or throws a JsonInputError
 * naming the field and the rule: at most `maxBytes` of valid UTF-8, at most `maxDepth` levels,
 * no NUL or lone surrogate in any string or key, no `__proto__` key, keys of at most
 * `maxKeyLength`, numbers that are finite doubles meaning exactly what was written, integers
 * within ±(2^53 − 1). A leading byte-order mark is skipped (RFC 8259 lets a parser ignore it).
 * Pure: no Fastify, so the host registers it as the JSON content-type parser.
 */
export function parseStrictJson(body: Uint8Array | string, options: StrictJsonOptions = {}): unknown {
  const limits: JsonLimits = { ...JSON_LIMITS, ...options.limits };
  const root = options.root ?? 'body';
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  if (size > limits.maxBytes)
    throw new JsonInputError(
      'too-large',
      root,
      `at most ${limits.maxBytes} bytes are accepted (this one has ${size})`,
    );
  const text = typeof body === 'string' ? body : decodeUtf8(body, root);
  if (text.trim() === '') throw new JsonInputError('syntax', root, 'the body is empty; send a JSON document');
  scanJsonText(text, limits, root);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JsonInputError('syntax', root, `not valid JSON: ${(error as Error).message}`);
  }
}

function decodeUtf8(bytes: Uint8Array, root: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    throw new JsonInputError(
      'invalid-utf8',
      root,
      `not valid UTF-8 (first bad byte at offset ${at}); JSON bodies are UTF-8 text`,
    );
  }
}

/**
 * The offset of the first byte that makes the text invalid, by bisection: with `stream: true`
 * a prefix that only cuts a character short still decodes, so "the prefix decodes" is monotone.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let good = 0;
  let bad = bytes.byteLength;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (prefixDecodes(bytes, middle)) good = middle;
    else bad = middle;
  }
  return bad - 1;
}

function prefixDecodes(bytes: Uint8Array, length: number): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
    return true;
  } catch {
    return false;
  }
}
