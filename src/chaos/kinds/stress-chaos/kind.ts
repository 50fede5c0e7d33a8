import type { FaultKindImpl } from '../fault-kind.ts';
import { stressChaosFault, type StressChaosFault } from './spec.ts';
import { stress } from './stress.ts';

/** StressChaos: burn CPU or hold memory beside a pod's processes (one action, no routing). */
export const STRESS_CHAOS: FaultKindImpl<StressChaosFault> = {
  embedKey: 'stressChaos',
  parse: stressChaosFault,
  plural: 'stresschaos',
  inject: stress,
};
