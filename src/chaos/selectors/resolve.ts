import type { Pod } from '../../cluster/index.ts';
import type { PodSelector } from './pod-selector.ts';

/** A pod as chaos selectors see it: its identity, where it listens, its (live) labels, its uid. */
export type SelectablePod = Pick<Pod, 'name' | 'namespace' | 'labels' | 'address' | 'uid'>;

/** The field selectors we can answer from a pod's identity (Chaos Mesh passes any to the API server). */
export const SUPPORTED_FIELD_SELECTORS = ['metadata.name', 'metadata.namespace'] as const;

function fieldOf(pod: SelectablePod, field: string): string | undefined {
  if (field === 'metadata.name') return pod.name;
  if (field === 'metadata.namespace') return pod.namespace;
  return undefined;
}

/**
 * The pods the selector names before its mode applies. As in Chaos Mesh, an explicit `pods` map
 * wins over every other selector; otherwise namespaces (empty: any), labels and fields all must match.
 */
export function matchingPods<P extends SelectablePod>(selector: PodSelector, pods: readonly P[]): P[] {
  const named = Object.entries(selector.pods);
  if (named.length > 0) {
    return pods.filter((pod) =>
      named.some(([ns, names]) => pod.namespace === ns && names.includes(pod.name)),
    );
  }
  return pods.filter(
    (pod) =>
      (selector.namespaces.length === 0 || selector.namespaces.includes(pod.namespace)) &&
      Object.entries(selector.labelSelectors).every(([key, value]) => pod.labels[key] === value) &&
      Object.entries(selector.fieldSelectors).every(([field, value]) => fieldOf(pod, field) === value),
  );
}

/** `count` of `pods` picked at random (partial Fisher–Yates), in a stable order for the same random source. */
function pick<P extends SelectablePod>(pods: P[], count: number, random: () => number): P[] {
  const pool = [...pods].sort((a, b) => a.name.localeCompare(b.name));
  const chosen = Math.max(0, Math.min(count, pool.length));
  for (let i = 0; i < chosen; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, chosen);
}

/** How many of `total` matching pods a mode selects; the spec validator has already checked `value`. */
export function selectedCount(
  selector: Pick<PodSelector, 'mode' | 'value'>,
  total: number,
  random: () => number,
): number {
  const value = Number(selector.value);
  switch (selector.mode) {
    case 'one':
      return Math.min(1, total);
    case 'all':
      return total;
    case 'fixed':
      return Math.min(value, total);
    case 'fixed-percent':
      return Math.floor((total * value) / 100);
    case 'random-max-percent': {
      // A percentage drawn from [0, value], inclusive, as Chaos Mesh does.
      const percent = Math.floor(random() * (value + 1));
      return Math.floor((total * percent) / 100);
    }
  }
}

/** Resolves a selector against the live pods (labels already include live `role`), applying mode/value with the given random source. */
export function resolveSelector<P extends SelectablePod>(
  selector: PodSelector,
  pods: readonly P[],
  random: () => number = Math.random,
): P[] {
  const matching = matchingPods(selector, pods);
  if (selector.mode === 'all') return [...matching].sort((a, b) => a.name.localeCompare(b.name));
  return pick(matching, selectedCount(selector, matching.length, random), random);
}
