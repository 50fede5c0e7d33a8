import { z } from 'zod';
import type { PodSelector, SelectorMode } from '../selectors/index.ts';
import { manifestObject, stringMap } from './manifest-fields.ts';
import type { DocumentPath } from './source-lines.ts';
import type { SpecIssues } from './spec-issues.ts';
import { SUPPORTED_FIELD_SELECTORS } from '../selectors/index.ts';

/** The selector modes, as Chaos Mesh spells them. */
export const SELECTOR_MODES = [
  'one',
  'all',
  'fixed',
  'fixed-percent',
  'random-max-percent',
] as const satisfies readonly SelectorMode[];

/** `selector:` of a chaos spec (Chaos Mesh PodSelectorSpec, the parts we resolve). */
export const selectorSpecSchema = manifestObject({
  namespaces: z.array(z.string().min(1)).optional(),
  labelSelectors: stringMap.optional(),
  fieldSelectors: stringMap.optional(),
  pods: z.record(z.string(), z.array(z.string().min(1))).optional(),
});

/** The inline `selector`, `mode`, `value` of a chaos spec or a NetworkChaos `target`. */
export const podSelectorFields = {
  selector: selectorSpecSchema,
  mode: z.enum(SELECTOR_MODES),
  value: z
    .string({ error: "expected a quoted value, e.g. '2' (Chaos Mesh types it as a string)" })
    .optional(),
};

/** The raw selector fields after the schema. */
export interface RawPodSelector {
  selector: z.infer<typeof selectorSpecSchema>;
  mode: SelectorMode;
  value?: string | undefined;
}

/** Checks `value` against the mode, as Chaos Mesh's selection does when it runs. */
function checkValue(raw: RawPodSelector, path: DocumentPath, issues: SpecIssues): void {
  const at = [...path, 'value'];
  if (raw.mode === 'one' || raw.mode === 'all') return;
  if (raw.value === undefined) {
    issues.add(at, `required when mode is '${raw.mode}'`);
    return;
  }
  if (!/^\d+$/.test(raw.value)) {
    issues.add(at, `expected a whole number for mode '${raw.mode}'; got '${raw.value}'`);
    return;
  }
  const value = Number(raw.value);
  if (raw.mode === 'fixed' && value < 1) issues.add(at, 'expected at least 1 pod for mode fixed');
  if (raw.mode !== 'fixed' && (value < 1 || value > 100))
    issues.add(at, `expected a percentage 1-100 for mode '${raw.mode}'; got '${raw.value}'`);
}

/**
 * The PodSelector of a validated raw selector; namespaces default to the resource's own, as
 * Chaos Mesh's webhook defaults them. Field selectors we cannot answer locally are refused.
 */
export function toPodSelector(
  raw: RawPodSelector,
  path: DocumentPath,
  issues: SpecIssues,
  namespace: string,
): PodSelector {
  checkValue(raw, path, issues);
  const fieldSelectors = raw.selector.fieldSelectors ?? {};
  for (const field of Object.keys(fieldSelectors)) {
    if (!(SUPPORTED_FIELD_SELECTORS as readonly string[]).includes(field))
      issues.unsupported([...path, 'selector', 'fieldSelectors', field], field, SUPPORTED_FIELD_SELECTORS);
  }
  const pods = raw.selector.pods ?? {};
  const namespaces = raw.selector.namespaces ?? (Object.keys(pods).length > 0 ? [] : [namespace]);
  return {
    namespaces,
    labelSelectors: raw.selector.labelSelectors ?? {},
    fieldSelectors,
    pods,
    mode: raw.mode,
    ...(raw.value !== undefined ? { value: raw.value } : {}),
  };
}
