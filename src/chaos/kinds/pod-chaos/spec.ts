import { z } from 'zod';
import {
  podSelectorFields,
  toPodSelector,
  goDurationField,
  manifestObject,
  checkWorkflowDuration,
  parseSpec,
  type FaultContext,
} from '../../manifest/index.ts';
import type { PodSelector } from '../../selectors/index.ts';

/** The PodChaos actions we support. */
export type PodChaosAction = 'pod-kill' | 'container-kill' | 'pod-failure';

/** A PodChaos fault, parsed and validated. */
export interface PodChaosFault {
  kind: 'PodChaos';
  action: PodChaosAction;
  selector: PodSelector;
  durationMs?: number;
  containerNames?: string[];
  gracePeriod?: number;
}

/** The PodChaos actions we run. */
export const POD_CHAOS_ACTIONS = [
  'pod-kill',
  'container-kill',
  'pod-failure',
] as const satisfies readonly PodChaosAction[];

/** PodChaos `spec`. */
export const podChaosSpecSchema = manifestObject({
  ...podSelectorFields,
  action: z.enum(POD_CHAOS_ACTIONS),
  duration: goDurationField.optional(),
  containerNames: z.array(z.string().min(1)).optional(),
  gracePeriod: z.int().min(0).optional(),
});

/** A PodChaos spec as a fault; undefined (with issues recorded) when it is not valid. */
export function podChaosFault(spec: unknown, context: FaultContext): PodChaosFault | undefined {
  const raw = parseSpec(podChaosSpecSchema, spec, context);
  if (!raw) return undefined;
  const { issues, path } = context;
  checkWorkflowDuration(raw.duration, context);
  if (raw.action === 'container-kill' && !raw.containerNames?.length)
    issues.add([...path, 'containerNames'], 'required for container-kill: the containers to kill');
  // Chaos Mesh accepts (and always serialises) gracePeriod on every action; only pod-kill uses it.
  return {
    kind: 'PodChaos',
    action: raw.action,
    selector: toPodSelector(raw, path, issues, context.namespace),
    ...(raw.duration !== undefined ? { durationMs: raw.duration } : {}),
    ...(raw.containerNames ? { containerNames: raw.containerNames } : {}),
    ...(raw.gracePeriod !== undefined ? { gracePeriod: raw.gracePeriod } : {}),
  };
}
