export type { ActiveFault, Proof } from './active-fault.ts';
