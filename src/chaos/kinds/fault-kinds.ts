import type { FaultKindImpl } from './fault-kind.ts';
import type { FaultKind, FaultOf } from './fault.ts';
import { NETWORK_CHAOS } from './network-chaos/kind.ts';
import { POD_CHAOS } from './pod-chaos/kind.ts';
import { STRESS_CHAOS } from './stress-chaos/kind.ts';

/** Every chaos kind we support, by kind; a plain map, no reflection. */
export const FAULT_KINDS: { readonly [K in FaultKind]: FaultKindImpl<FaultOf<K>> } = {
  PodChaos: POD_CHAOS,
  NetworkChaos: NETWORK_CHAOS,
  StressChaos: STRESS_CHAOS,
};

/** The supported chaos kinds' names. */
export const FAULT_KIND_NAMES = Object.keys(FAULT_KINDS) as FaultKind[];

/** True when `kind` is a chaos kind we support. */
export function isFaultKind(kind: string): kind is FaultKind {
  return Object.hasOwn(FAULT_KINDS, kind);
}
