export type { Fault, FaultKind, FaultOf } from './fault.ts';
export type { FaultKindImpl } from './fault-kind.ts';
export type { InjectionRequest, Injector, TargetPod } from './injector.ts';
export { injectLocal, localFaultRuntime, type LocalFaultRequest } from './inject-local.ts';
export {
  NETWORK_CHAOS_ACTIONS,
  NETWORK_DIRECTIONS,
  type NetworkChaosAction,
  type NetworkChaosFault,
  type NetworkDirection,
} from './network-chaos/spec.ts';
export { POD_CHAOS_ACTIONS, type PodChaosAction, type PodChaosFault } from './pod-chaos/spec.ts';
export type { StressChaosFault } from './stress-chaos/spec.ts';

export { FAULT_KINDS, FAULT_KIND_NAMES, isFaultKind } from './fault-kinds.ts';
