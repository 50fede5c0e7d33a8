import type { FaultKindImpl } from '../fault-kind.ts';
import type { Injector } from '../injector.ts';
import { containerKill } from './container-kill.ts';
import { podFailure } from './pod-failure.ts';
import { podKill } from './pod-kill.ts';
import { podChaosFault, type PodChaosAction, type PodChaosFault } from './spec.ts';

/** PodChaos's actions, as Chaos Mesh routes them to its `chaosimpl`s: a plain map. */
const ACTIONS: Readonly<Record<PodChaosAction, Injector<PodChaosFault>>> = {
  'pod-kill': podKill,
  'container-kill': containerKill,
  'pod-failure': podFailure,
};

/** PodChaos: kill a pod's processes, some of its containers, or hold it down for a while. */
export const POD_CHAOS: FaultKindImpl<PodChaosFault> = {
  embedKey: 'podChaos',
  parse: podChaosFault,
  plural: 'podchaos',
  inject: (request) => ACTIONS[request.fault.action](request),
};
