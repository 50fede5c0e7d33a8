export type { ActiveFault, Proof } from './active-fault.ts';
export type { FaultRuntime } from './fault-runtime.ts';
