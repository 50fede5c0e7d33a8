import { createHash } from 'node:crypto';
import { canonicalJson } from '../../kit/json/index.ts';

/**
 * A SHA-256 of a JSON value in canonical form (object keys sorted at every depth), so a retry
 * whose body differs only in key order or whitespace counts as the same request.
 */
export function requestFingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
