import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../kit/json/index.ts';
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
