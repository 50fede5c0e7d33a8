import type { TrafficDirection } from '../traffic-rules.ts';
import type { Pod } from '../../../../cluster/index.ts';
import { trafficEndOf } from '../../cluster-pods.ts';
import type { TrafficEnd } from '../../iptables/pod-traffic.ts';

/** What a route reads of a pod: where it listens and the uid its traffic is told by. */
export type RoutedPod = Pick<Pod, 'name' | 'address' | 'labels' | 'ports' | 'uid'>;

/**
 * One destination endpoint whose connections (from `sources`) are steered through the delay
 * proxy. The proxy delays the chunks each way as the fault's direction says: chunks a pod sends
 * are its egress, which is what Chaos Mesh's netem delays.
 */
export interface DelayRoute {
  destination: { pod: string; address: string; port: number };
  /** Whose connections are steered: these pods', or everyone's (but the proxy's own). */
  sources: TrafficEnd[] | 'any';
  /** Delay what the connecting side sends. */
  delayUpstream: boolean;
  /** Delay what the destination sends back. */
  delayDownstream: boolean;
}

function endpoints(pod: RoutedPod): { pod: string; address: string; port: number }[] {
  return [...new Set(Object.values(pod.ports))].map((port) => ({
    pod: pod.name,
    address: pod.address,
    port,
  }));
}

/**
 * The routes of a delay fault. With a target: connections between each selected pod and each
 * target, both ways, delaying the selected pods' chunks (`to`), the targets' (`from`) or both.
 * Without one: every connection into a selected pod, and from it to every other pod of the
 * cluster — between two selected pods both sides are delayed, as netem on each would. Routes from
 * named pods come before routes from anything: the first DNAT rule a connection matches wins.
 */
export function delayRoutes(
  direction: TrafficDirection,
  selected: readonly RoutedPod[],
  targets: readonly RoutedPod[],
  cluster: readonly RoutedPod[],
): DelayRoute[] {
  const own = direction !== 'from';
  const theirs = direction !== 'to';
  const isSelected = (pod: RoutedPod): boolean => selected.some((mine) => mine.name === pod.name);
  const routes: DelayRoute[] = [];
  for (const pod of selected) {
    if (targets.length > 0) {
      for (const other of targets) {
        if (other.name === pod.name) continue;
        for (const destination of endpoints(other))
          routes.push({
            destination,
            sources: [trafficEndOf(pod)],
            delayUpstream: own,
            delayDownstream: theirs,
          });
        for (const destination of endpoints(pod))
          routes.push({
            destination,
            sources: [trafficEndOf(other)],
            delayUpstream: theirs,
            delayDownstream: own,
          });
      }
      continue;
    }
    for (const other of cluster) {
      if (other.name === pod.name) continue;
      const both = isSelected(other);
      for (const destination of endpoints(other))
        routes.push({
          destination,
          sources: [trafficEndOf(pod)],
          delayUpstream: own || both,
          delayDownstream: theirs || both,
        });
    }
    for (const destination of endpoints(pod))
      routes.push({ destination, sources: 'any', delayUpstream: theirs, delayDownstream: own });
  }
  const merged = mergeRoutes(routes);
  return [
    ...merged.filter((route) => route.sources !== 'any'),
    ...merged.filter((route) => route.sources === 'any'),
  ];
}

/** One route per destination and delay sides; sources merged (`any` absorbs the rest). */
function mergeRoutes(routes: readonly DelayRoute[]): DelayRoute[] {
  const merged = new Map<string, DelayRoute>();
  for (const route of routes) {
    const key = `${route.destination.address}:${route.destination.port}:${route.delayUpstream}:${route.delayDownstream}`;
    const known = merged.get(key);
    if (!known) merged.set(key, { ...route, sources: route.sources === 'any' ? 'any' : [...route.sources] });
    else if (known.sources !== 'any')
      known.sources =
        route.sources === 'any'
          ? 'any'
          : [
              ...known.sources,
              ...route.sources.filter(
                (end) => !(known.sources as TrafficEnd[]).some((k) => k.name === end.name),
              ),
            ];
  }
  return [...merged.values()];
}
