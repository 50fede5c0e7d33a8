import type { FaultKindImpl } from '../fault-kind.ts';
import type { Injector } from '../injector.ts';
import { delay } from './delay.ts';
import { loss } from './loss.ts';
import { partition } from './partition.ts';
import { networkChaosFault, type NetworkChaosAction, type NetworkChaosFault } from './spec.ts';

/** NetworkChaos's actions, as Chaos Mesh routes them to its `chaosimpl`s: a plain map. */
const ACTIONS: Readonly<Record<NetworkChaosAction, Injector<NetworkChaosFault>>> = { partition, loss, delay };

/** NetworkChaos: cut, thin out or slow the traffic between pods. */
export const NETWORK_CHAOS: FaultKindImpl<NetworkChaosFault> = {
  embedKey: 'networkChaos',
  parse: networkChaosFault,
  plural: 'networkchaos',
  inject: (request) => ACTIONS[request.fault.action](request),
};
