import type { FaultContext } from '../manifest/index.ts';
import type { Fault } from './fault.ts';
import type { Injector } from './injector.ts';

/**
 * One chaos kind, whole: how it is written and read, how Kubernetes serves it, and how the local
 * runtime applies it. Its actions are routed by a plain map inside `inject`, never by reflection.
 */
export interface FaultKindImpl<F extends Fault> {
  /** The field that holds its spec inside a Workflow template or a Schedule, e.g. `networkChaos`. */
  embedKey: string;
  /** Its spec, validated: the fault, or undefined with the issues recorded in the context. */
  parse: (spec: unknown, context: FaultContext) => F | undefined;
  /** Its Kubernetes mapping: the resource plural Chaos Mesh serves it under (the manifest goes unchanged). */
  plural: string;
  /** Applies one of its faults to the local cluster (Chaos Mesh's `Apply`); the fault knows its `Recover`. */
  inject: Injector<F>;
}
