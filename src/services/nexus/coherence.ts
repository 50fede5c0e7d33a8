/**
 * How far a temporal slice can be trusted, in [0, 1]:
 *
 *   coherenceScore = availability × agreement
 *
 * - availability: the share of the four sources that answered (UP, live or cached, or a
 *   definite NOT_FOUND). An unavailable source leaves a hole in the slice.
 * - agreement: the mean of the cross-checks that apply (1 when none does):
 *   - counts: CAPSULE's capsules in the window equal ODYSSEY's observationCount (the runbook's
 *     CAPSULE == ODYSSEY check), scored min/max. It applies only when the window covers
 *     everything ODYSSEY has observed (or ODYSSEY knows nothing), since history outside the
 *     window is not counted.
 *   - references: each capsule another source points at — PERCEPTION's capsuleId, ODYSSEY's
 *     latestCapsuleId — is in CAPSULE's history, when it falls inside the window. A reference
 *     missing from a truncated history page proves nothing and is skipped.
 *
 * Scores are rounded to three decimals.
 */

/** What CAPSULE's history said about the window. */
export interface HistoryFacts {
  from: number;
  to: number;
  /** Capsules in the window (the page's totalElements). */
  count: number;
  /** Ids on the page we hold. */
  capsuleIds: readonly string[];
  /** True when the page holds every capsule of the window. */
  complete: boolean;
}

/** What ODYSSEY said about the entity; `null` for a definite NOT_FOUND. */
export interface EntityFacts {
  observationCount: number;
  firstObservedAt: number | null;
  lastObservedAt: number | null;
  latestCapsuleId: string | null;
}

/** What PERCEPTION said about the node; `null` for a definite NOT_FOUND. */
export interface PerceptionFacts {
  capsuleId: string | null;
  lastSignalAt: number | null;
}

/** The inputs of the score; `undefined` for a source that did not answer. */
export interface CoherenceInputs {
  sourcesAnswered: number;
  sourcesTotal: number;
  history: HistoryFacts | undefined;
  entity: EntityFacts | null | undefined;
  perception: PerceptionFacts | null | undefined;
}

/** The coherence score of a slice (see the module comment for the formula). */
export function coherenceScore(inputs: CoherenceInputs): number {
  const availability = inputs.sourcesTotal === 0 ? 0 : inputs.sourcesAnswered / inputs.sourcesTotal;
  const checks = [...countCheck(inputs), ...referenceChecks(inputs)];
  const agreement = checks.length === 0 ? 1 : checks.reduce((sum, value) => sum + value, 0) / checks.length;
  return Math.round(availability * agreement * 1000) / 1000;
}

function countCheck({ history, entity }: CoherenceInputs): number[] {
  if (!history || entity === undefined) return [];
  if (entity !== null) {
    const covered =
      entity.firstObservedAt !== null &&
      entity.lastObservedAt !== null &&
      entity.firstObservedAt >= history.from &&
      entity.lastObservedAt <= history.to;
    if (!covered && entity.observationCount > 0) return [];
  }
  const observed = entity?.observationCount ?? 0;
  const high = Math.max(observed, history.count);
  return [high === 0 ? 1 : Math.min(observed, history.count) / high];
}

function referenceChecks({ history, entity, perception }: CoherenceInputs): number[] {
  if (!history) return [];
  const references: { capsuleId: string | null; at: number | null }[] = [];
  if (perception) references.push({ capsuleId: perception.capsuleId, at: perception.lastSignalAt });
  if (entity) references.push({ capsuleId: entity.latestCapsuleId, at: entity.lastObservedAt });
  const checks: number[] = [];
  for (const { capsuleId, at } of references) {
    if (capsuleId === null || at === null || at < history.from || at > history.to) continue;
    if (history.capsuleIds.includes(capsuleId)) checks.push(1);
    else if (history.complete) checks.push(0);
  }
  return checks;
}
