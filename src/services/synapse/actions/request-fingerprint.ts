import { createHash } from 'node:crypto';
import type { ActionRequest } from './action.ts';

/**
 * A digest of what an action asks for, so an idempotency key replayed with a different request
 * is told apart from a true retry. Keys are sorted at every level: JSON key order is not meaning.
 */
export function requestFingerprint(request: ActionRequest): string {
  const { toolId, parameters, executionMode, planId, rimNodeId } = request;
  return createHash('sha256')
    .update(canonicalJson({ toolId, parameters, executionMode, planId, rimNodeId }))
    .digest('hex');
}

/** JSON with object keys sorted recursively. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const record = item as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key]]),
    );
  });
}
