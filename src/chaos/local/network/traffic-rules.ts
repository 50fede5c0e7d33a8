import { markConnectionsOf, sentBy, sentTo, type TrafficEnd } from '../iptables/pod-traffic.ts';

/** Which way traffic is cut or delayed, as NetworkChaos `direction` spells it. */
export type TrafficDirection = 'to' | 'from' | 'both';

/** A one-way flow of packets a fault acts on; `any` is every other endpoint. */
export interface Flow {
  from: TrafficEnd | 'any';
  to: TrafficEnd | 'any';
}

/**
 * The flows a NetworkChaos acts on, as Chaos Mesh defines `direction`: `to` = packets from the
 * selected pods to the target pods, `from` = packets from the targets to the selected pods,
 * `both` = both. Without a target, the selected pods' packets to (or from) anything.
 */
export function faultFlows(
  direction: TrafficDirection,
  sources: readonly TrafficEnd[],
  peers: readonly TrafficEnd[],
): Flow[] {
  const flows: Flow[] = [];
  const others: (TrafficEnd | 'any')[] = peers.length > 0 ? [...peers] : ['any'];
  for (const source of sources) {
    for (const other of others) {
      if (other !== 'any' && other.name === source.name) continue;
      if (direction !== 'from') flows.push({ from: source, to: other });
      if (direction !== 'to') flows.push({ from: other, to: source });
    }
  }
  return flows;
}

/** The packet matches of a flow: one argument list per combination of the ends' alternatives. */
export function flowMatches(flow: Flow): string[][] {
  const from = flow.from === 'any' ? [[]] : sentBy(flow.from);
  const to = flow.to === 'any' ? [[]] : sentTo(flow.to);
  return from.flatMap((sent) => to.map((received) => [...sent, ...received]));
}

/** The connection-marking rules the flows' engine destinations need (see `markConnectionsOf`). */
export function markerRules(flows: readonly Flow[]): string[][] {
  const rules = new Map<string, string[]>();
  for (const flow of flows) {
    if (flow.to === 'any') continue;
    const rule = markConnectionsOf(flow.to);
    if (rule) rules.set(flow.to.name, rule);
  }
  return [...rules.values()];
}
