import { describeProbe, describeFlows, journaledFault } from '../../local/index.ts';
import { droppedPackets, installFilterFault, probePathsOnce, proveTrafficFlows } from './filter-fault.ts';
import { type NetworkChaosFault } from './spec.ts';
import type { Injector } from '../injector.ts';

/**
 * NetworkChaos `partition`: DROP (not REJECT, as Chaos Mesh) every packet of the fault's flows,
 * so connections time out as across a real partition instead of failing fast.
 */
export const partition: Injector<NetworkChaosFault> = async (request) => {
  const filter = await installFilterFault(request, (match, comment) => [
    [...match, '-m', 'comment', '--comment', comment, '-j', 'DROP'],
  ]);
  return journaledFault(request.record, request.context.clock, {
    description: `partition ${describeFlows(filter.flows)}`,
    differences: [
      'iptables DROP in the host OUTPUT chain between loopback addresses (and engine uids), not rules in each pod network namespace',
      "a pod's own loopback traffic with itself is not exempt when the fault has no target",
    ],
    async proveBites() {
      if (filter.paths.length === 0)
        return { ok: false, detail: 'no path to probe: no running pod on the far side' };
      const now = await probePathsOnce(filter.paths, 1500);
      const lines: string[] = [];
      let ok = true;
      filter.paths.forEach((path, index) => {
        const before = filter.baseline[index]!;
        const after = now[index]!;
        const bites = before.connected > 0 && after.timedOut > 0;
        ok &&= bites;
        lines.push(
          `${path.label}: before ${describeProbe(before)}, now ${describeProbe(after)}${before.connected > 0 ? '' : ' (unreachable before the fault: proves nothing)'}`,
        );
      });
      lines.push(`${await droppedPackets(filter.comment)} packets dropped`);
      return { ok, detail: lines.join('; ') };
    },
    proveRestored: () => proveTrafficFlows(filter),
  });
};
