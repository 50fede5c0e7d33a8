import type { NetworkChaosFault } from './network-chaos/spec.ts';
import type { PodChaosFault } from './pod-chaos/spec.ts';
import type { StressChaosFault } from './stress-chaos/spec.ts';

/** One fault, as a chaos kind describes it. */
export type Fault = PodChaosFault | NetworkChaosFault | StressChaosFault;

/** The chaos kinds a fault can be. */
export type FaultKind = Fault['kind'];

/** The fault of one kind. */
export type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>;
