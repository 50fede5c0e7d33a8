import { z } from 'zod';
import {
  podSelectorFields,
  toPodSelector,
  goDurationField,
  manifestObject,
  percentString,
  checkWorkflowDuration,
  parseSpec,
  type FaultContext,
} from '../../manifest/index.ts';
import type { TrafficDirection } from '../../local/index.ts';
import type { PodSelector } from '../../selectors/index.ts';

/** The NetworkChaos actions we support. */
export type NetworkChaosAction = 'partition' | 'loss' | 'delay';
/** NetworkChaos `direction`. */
export type NetworkDirection = TrafficDirection;

/** A NetworkChaos fault, parsed and validated. */
export interface NetworkChaosFault {
  kind: 'NetworkChaos';
  action: NetworkChaosAction;
  selector: PodSelector;
  direction: NetworkDirection;
  target?: PodSelector;
  durationMs?: number;
  loss?: { percent: number; correlation: number };
  delay?: { latencyMs: number; jitterMs: number; correlation: number };
}

/** The NetworkChaos actions we run. */
export const NETWORK_CHAOS_ACTIONS = [
  'partition',
  'loss',
  'delay',
] as const satisfies readonly NetworkChaosAction[];
/** NetworkChaos directions. */
export const NETWORK_DIRECTIONS = ['to', 'from', 'both'] as const satisfies readonly NetworkDirection[];

/** NetworkChaos `spec`. */
export const networkChaosSpecSchema = manifestObject({
  ...podSelectorFields,
  action: z.enum(NETWORK_CHAOS_ACTIONS),
  duration: goDurationField.optional(),
  direction: z.enum(NETWORK_DIRECTIONS).optional(),
  target: manifestObject(podSelectorFields).optional(),
  delay: manifestObject({
    latency: goDurationField,
    jitter: goDurationField.optional(),
    correlation: percentString.optional(),
  }).optional(),
  loss: manifestObject({ loss: percentString, correlation: percentString.optional() }).optional(),
});

/** A NetworkChaos spec as a fault; undefined (with issues recorded) when it is not valid. */
export function networkChaosFault(spec: unknown, context: FaultContext): NetworkChaosFault | undefined {
  const raw = parseSpec(networkChaosSpecSchema, spec, context);
  if (!raw) return undefined;
  const { issues, path, namespace } = context;
  checkWorkflowDuration(raw.duration, context);
  // Chaos Mesh's default direction.
  const direction = raw.direction ?? 'to';
  // Chaos Mesh's webhook: a partition without target cuts the pods off from everything; netem
  // actions need a target for `from`/`both` (its message, word for word).
  if (direction !== 'to' && !raw.target && raw.action !== 'partition')
    issues.add(
      [...path, 'direction'],
      '`from` and `both` direction cannot be used when targets is empty in netem action (Chaos Mesh webhook)',
    );
  if (raw.action === 'delay' && !raw.delay)
    issues.add([...path, 'delay'], 'required for action delay (latency, jitter, correlation)');
  if (raw.action === 'loss' && !raw.loss)
    issues.add([...path, 'loss'], 'required for action loss (loss, correlation)');
  if (raw.action !== 'delay' && raw.delay)
    issues.add([...path, 'delay'], `only applies to action delay, not ${raw.action}`);
  if (raw.action !== 'loss' && raw.loss)
    issues.add([...path, 'loss'], `only applies to action loss, not ${raw.action}`);
  return {
    kind: 'NetworkChaos',
    action: raw.action,
    selector: toPodSelector(raw, path, issues, namespace),
    direction,
    ...(raw.target ? { target: toPodSelector(raw.target, [...path, 'target'], issues, namespace) } : {}),
    ...(raw.duration !== undefined ? { durationMs: raw.duration } : {}),
    ...(raw.loss ? { loss: { percent: raw.loss.loss, correlation: raw.loss.correlation ?? 0 } } : {}),
    ...(raw.delay
      ? {
          delay: {
            latencyMs: raw.delay.latency,
            jitterMs: raw.delay.jitter ?? 0,
            correlation: raw.delay.correlation ?? 0,
          },
        }
      : {}),
  };
}
