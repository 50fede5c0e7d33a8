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

/** A StressChaos fault, parsed and validated. */
export interface StressChaosFault {
  kind: 'StressChaos';
  selector: PodSelector;
  durationMs?: number;
  cpu?: { workers: number; load: number };
  memory?: { workers: number; sizeBytes: number };
}

const UNIT_BYTES: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
};

/** A memory stressor's `size` (`256MB`, `1GiB`) → bytes. Percentages of the node's memory are not supported locally. */
const memorySize = z.string().transform((text, context) => {
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]i?B|B)$/i.exec(text.trim());
  if (!match) {
    context.addIssue({
      code: 'custom',
      message: `expected a size with B, KB, MB, GB, KiB, MiB or GiB (e.g. '256MB'); got '${text}'`,
    });
    return z.NEVER;
  }
  return Math.round(Number(match[1]) * UNIT_BYTES[match[2]!.toUpperCase()]!);
});

/** StressChaos `spec`. */
export const stressChaosSpecSchema = manifestObject({
  ...podSelectorFields,
  duration: goDurationField.optional(),
  containerNames: z.array(z.string().min(1)).optional(),
  stressors: manifestObject({
    cpu: manifestObject({ workers: z.int().min(1), load: z.int().min(0).max(100).optional() }).optional(),
    memory: manifestObject({ workers: z.int().min(1), size: memorySize }).optional(),
  }),
});

/** A StressChaos spec as a fault; undefined (with issues recorded) when it is not valid. */
export function stressChaosFault(spec: unknown, context: FaultContext): StressChaosFault | undefined {
  const raw = parseSpec(stressChaosSpecSchema, spec, context);
  if (!raw) return undefined;
  const { issues, path } = context;
  checkWorkflowDuration(raw.duration, context);
  const { cpu, memory } = raw.stressors;
  if (!cpu && !memory) issues.add([...path, 'stressors'], 'needs a cpu or a memory stressor');
  return {
    kind: 'StressChaos',
    selector: toPodSelector(raw, path, issues, context.namespace),
    ...(raw.duration !== undefined ? { durationMs: raw.duration } : {}),
    // stress-ng's default load is 100 %.
    ...(cpu ? { cpu: { workers: cpu.workers, load: cpu.load ?? 100 } } : {}),
    ...(memory ? { memory: { workers: memory.workers, sizeBytes: memory.size } } : {}),
  };
}
