import {
  describeProbe,
  probeConnections,
  describeFlows,
  journaledFault,
  ChaosInjectionError,
} from '../../local/index.ts';
import { droppedPackets, installFilterFault, proveTrafficFlows } from './filter-fault.ts';
import { type NetworkChaosFault } from './spec.ts';
import type { Injector } from '../injector.ts';

/**
 * A packet mark bit meaning "a loss rule has judged this packet": a packet matched by several of
 * a flow's alternative matches (its address and its uid) must get one chance of loss, not two.
 */
const JUDGED = '0x100000/0x100000';

/**
 * NetworkChaos `loss`: each packet of the fault's flows is dropped with probability
 * `percent`/100 (iptables `statistic --mode random`), once per packet.
 */
export const loss: Injector<NetworkChaosFault> = async (request) => {
  const percent = request.fault.loss?.percent;
  if (percent === undefined || percent <= 0 || percent > 100)
    throw new ChaosInjectionError(`loss needs loss.percent in (0, 100], got ${String(percent)}`);
  const probability = (percent / 100).toFixed(4);
  const filter = await installFilterFault(request, (match, comment) => [
    [
      ...match,
      '-m',
      'mark',
      '!',
      '--mark',
      JUDGED,
      '-m',
      'statistic',
      '--mode',
      'random',
      '--probability',
      probability,
      '-m',
      'comment',
      '--comment',
      comment,
      '-j',
      'DROP',
    ],
    [...match, '-m', 'comment', '--comment', comment, '-j', 'MARK', '--set-xmark', JUDGED],
  ]);
  return journaledFault(request.record, request.context.clock, {
    description: `loss ${percent}% on ${describeFlows(filter.flows)}`,
    differences: [
      'iptables statistic random DROP in the host OUTPUT chain, not netem loss in the pod network namespace',
      ...(request.fault.loss?.correlation
        ? [
            `correlation ${request.fault.loss.correlation}% is not applied: each packet is judged independently`,
          ]
        : []),
    ],
    async proveBites() {
      const path = filter.paths[0];
      if (!path) return { ok: false, detail: 'no path to probe: no running pod on the far side' };
      const before = await droppedPackets(filter.comment);
      const traffic = await probeConnections(path.source, path.target, { count: 30, timeoutMs: 500 });
      const dropped = (await droppedPackets(filter.comment)) - before;
      return {
        ok: dropped > 0,
        detail: `${path.label}: ${describeProbe(traffic)} connections; the loss rules dropped ${dropped} packets meanwhile`,
      };
    },
    proveRestored: () => proveTrafficFlows(filter),
  });
};
