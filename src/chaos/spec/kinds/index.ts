import type { Fault, FaultKind } from '../experiment.ts';
import type { FaultContext } from './fault-context.ts';
import { networkChaosFault } from './network-chaos.ts';
import { podChaosFault } from './pod-chaos.ts';
import { stressChaosFault } from './stress-chaos.ts';

export { NETWORK_CHAOS_ACTIONS, NETWORK_DIRECTIONS } from './network-chaos.ts';
export { POD_CHAOS_ACTIONS } from './pod-chaos.ts';
export type { FaultContext } from './fault-context.ts';

/** How a chaos kind is written and read: its key when embedded (Workflow, Schedule) and its parser. */
export interface FaultKindSpec {
  /** The field that holds its spec inside a Workflow template or a Schedule, e.g. `networkChaos`. */
  embedKey: string;
  parse: (spec: unknown, context: FaultContext) => Fault | undefined;
}

/** Every chaos kind we support, by kind; a plain map, no reflection. */
export const FAULT_KINDS: Readonly<Record<FaultKind, FaultKindSpec>> = {
  PodChaos: { embedKey: 'podChaos', parse: podChaosFault },
  NetworkChaos: { embedKey: 'networkChaos', parse: networkChaosFault },
  StressChaos: { embedKey: 'stressChaos', parse: stressChaosFault },
};

/** The supported chaos kinds' names. */
export const FAULT_KIND_NAMES = Object.keys(FAULT_KINDS) as FaultKind[];

/** True when `kind` is a chaos kind we support. */
export function isFaultKind(kind: string): kind is FaultKind {
  return Object.hasOwn(FAULT_KINDS, kind);
}
