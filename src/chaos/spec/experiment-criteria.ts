import type { SpecIssues } from '../manifest/index.ts';
import { CRITERIA_ANNOTATION, parseCriteria } from './criteria.ts';
import { deriveCriteria, PASS_CRITERIA_ANNOTATION, type CriteriaConfigMap } from './derived-criteria.ts';
import type { Criteria, Derivation, Step } from './experiment.ts';
import { faultsOf } from './fault-summary.ts';
import { DEPENDENTS } from './store-dependents.ts';

/** The `app` labels an experiment's faults (and their peers) select: what derived criteria start from. */
function targetApps(root: Step): string[] {
  const apps = faultsOf(root).flatMap((fault) => [
    fault.selector.labelSelectors.app,
    ...(fault.kind === 'NetworkChaos' ? [fault.target?.labelSelectors.app] : []),
  ]);
  return [...new Set(apps.filter((app): app is string => app !== undefined))];
}

export interface Envelope {
  name: string;
  annotations: Record<string, string>;
}

/** Our own criteria annotation wins; else criteria derived from the user's words and the target. */
export function criteriaOf(
  envelope: Envelope,
  root: Step,
  issues: SpecIssues,
  configMap: CriteriaConfigMap | undefined,
): { criteria: Criteria; derivation?: Derivation[] } | undefined {
  const annotationPath = ['metadata', 'annotations', CRITERIA_ANNOTATION];
  const own = envelope.annotations[CRITERIA_ANNOTATION];
  if (own !== undefined) {
    const criteria = parseCriteria(own, annotationPath, issues);
    return criteria && { criteria };
  }
  const apps = targetApps(root);
  const passCriteria = envelope.annotations[PASS_CRITERIA_ANNOTATION];
  const derived = deriveCriteria({
    name: envelope.name,
    apps,
    ...(passCriteria !== undefined ? { passCriteria } : {}),
    ...(configMap ? { configMap } : {}),
  });
  if (!derived)
    issues.add(
      annotationPath,
      `required: no criteria can be derived for app=${apps.join(', ') || '(none)'} ` +
        `(derivable: ${Object.keys(DEPENDENTS).join(', ')}); write the pass criteria as YAML (probes, budgets, allowed statuses); see docs/chaos.md`,
    );
  return derived;
}
