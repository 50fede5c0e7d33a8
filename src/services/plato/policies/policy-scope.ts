/**
 * Which evaluations a policy applies to. Both parts are optional; an empty scope applies to
 * every evaluation of the tenant.
 */
export interface PolicyScope {
  /** The policy applies only to these `action.type`s (exact match). */
  actionTypes?: string[];
  /** The policy applies only to RIM nodes matching this glob, where `*` is any run of characters. */
  rimNodePattern?: string;
}

/** The part of an evaluation a scope looks at. */
export interface ScopeTarget {
  rimNodeId: string | null;
  actionType: string;
}

/** Characters a RIM node pattern may hold: those of RIM ids, plus `*`. */
export const RIM_NODE_PATTERN_SYNTAX = /^[A-Za-z0-9._:*-]{1,256}$/;

/** Builds the scope test once, so evaluations do not recompile globs. */
export function compileScope(scope: PolicyScope): (target: ScopeTarget) => boolean {
  const actionTypes =
    scope.actionTypes && scope.actionTypes.length > 0 ? new Set(scope.actionTypes) : undefined;
  const pattern = scope.rimNodePattern;
  return (target) => {
    if (actionTypes && !actionTypes.has(target.actionType)) return false;
    if (pattern !== undefined && (target.rimNodeId === null || !globMatches(pattern, target.rimNodeId)))
      return false;
    return true;
  };
}

/**
 * True when `text` matches `glob`, where `*` is any run of characters and everything else is
 * literal. A two-pointer scan that backtracks only to the last `*`: O(glob × text) at worst,
 * where a regular expression built from a user's glob could backtrack exponentially.
 */
export function globMatches(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let star = -1;
  let resumeAt = 0;
  while (t < text.length) {
    if (g < glob.length && glob[g] !== '*' && glob[g] === text[t]) {
      g += 1;
      t += 1;
    } else if (g < glob.length && glob[g] === '*') {
      star = g;
      resumeAt = t;
      g += 1;
    } else if (star !== -1) {
      g = star + 1;
      resumeAt += 1;
      t = resumeAt;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g += 1;
  return g === glob.length;
}
