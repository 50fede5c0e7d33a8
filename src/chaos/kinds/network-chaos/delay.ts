import { join } from 'node:path';
import type { Proof } from '../../fault/index.ts';
import {
  ChaosInjectionError,
  clusterPodOf,
  addRules,
  journaledFault,
  processMarker,
  ruleComment,
  startChaosProcess,
  probeConnections,
  type ProbeSource,
  delayRoutes,
  type DelayRoute,
  resetConnections,
  DELAY_PROXY_SCRIPT,
  DELAY_PROXY_UID,
  proxyStats,
  steeringRules,
} from '../../local/index.ts';
import type { Injector } from '../injector.ts';
import type { NetworkChaosFault } from './spec.ts';
import type { DelaySettings } from '../../local/index.ts';

/**
 * NetworkChaos `delay`: no netem on this kernel, so a userspace TCP proxy (run as its own uid)
 * holds each chunk a delayed pod sends for latency ± jitter, and iptables `nat OUTPUT` DNAT steers
 * the fault's connections into it.
 */
export const delay: Injector<NetworkChaosFault> = async (request) => {
  const { fault, context, record, pods } = request;
  const settings: DelaySettings | undefined = fault.delay;
  if (!settings || settings.latencyMs <= 0)
    throw new ChaosInjectionError(`delay needs delay.latency > 0, got ${String(settings?.latencyMs)}`);
  const selected = request.targets.map((pod) => clusterPodOf(pods, pod));
  const targets = request.peers.map((pod) => clusterPodOf(pods, pod));
  const routes = delayRoutes(fault.direction, selected, targets, [...pods.values()]);
  if (routes.length === 0)
    throw new ChaosInjectionError('delay has no connection to steer: no port on the far side');
  const until = fault.durationMs === undefined ? undefined : context.clock.now() + fault.durationMs + 5000;
  const proxy = await startChaosProcess({
    script: DELAY_PROXY_SCRIPT,
    args: [
      JSON.stringify({
        ...settings,
        routes: routes.map((route) => ({
          host: route.destination.address,
          port: route.destination.port,
          delayUpstream: route.delayUpstream,
          delayDownstream: route.delayDownstream,
        })),
        ...(until === undefined ? {} : { until }),
      }),
    ],
    marker: processMarker(context.stateDir, record.id),
    uid: DELAY_PROXY_UID,
    logFile: join(context.stateDir, 'chaos', 'logs', `${record.id}.log`),
    readyTimeoutMs: 15_000,
  });
  record.record([{ type: 'process', pid: proxy.pid, startTicks: proxy.startTicks, what: 'delay proxy' }]);
  const { ports, control } = JSON.parse(proxy.ready) as { ports: number[]; control: number };
  const comment = ruleComment(context.stateDir, record.id);
  const rules = routes.flatMap((route, index) => steeringRules(route, ports[index]!, comment));
  record.record(rules.map((rule) => ({ type: 'iptables-rule', table: rule.table, rule: [...rule.rule] })));
  await addRules(rules);
  await Promise.all(routes.map(resetConnections));

  const proofRoute = routes.find((route) => route.delayUpstream) ?? routes[0]!;
  const names = (route: DelayRoute): string =>
    route.sources === 'any' ? 'anything' : route.sources.map((end) => end.name).join(', ');
  return journaledFault(record, context.clock, {
    description: `delay ${settings.latencyMs}ms ± ${settings.jitterMs}ms on ${routes.length} route(s), e.g. ${names(proofRoute)} → ${proofRoute.destination.pod}:${proofRoute.destination.port}`,
    differences: [
      'delay by a userspace TCP proxy per chunk, not netem per packet: connections are steered with iptables DNAT, and UDP is not delayed',
      "established connections the fault delays are reset at injection (so they reconnect through the proxy) and cut again at recovery, where netem delays them in place; no other connection is reset (an engine pod's own are told from other clients' by its uid)",
      'the delayed destination sees connections from 127.0.0.1 (the proxy), not from the client pod',
    ],
    proveBites: () => proveDelay(proofRoute, control, settings),
  });
};

function probeSource(route: DelayRoute): ProbeSource {
  if (route.sources === 'any') return { address: '127.0.0.1' };
  const first = route.sources[0]!;
  return first.uid === undefined ? { address: first.address } : { uid: first.uid };
}

/** A connection on the route goes through the proxy, and its chunks are held for the latency. */
async function proveDelay(route: DelayRoute, controlPort: number, settings: DelaySettings): Promise<Proof> {
  const before = await proxyStats(controlPort);
  const waitMs = settings.latencyMs + settings.jitterMs + 1500;
  const probe = await probeConnections(
    probeSource(route),
    { host: route.destination.address, port: route.destination.port },
    {
      count: 1,
      timeoutMs: 2000,
      send: 'PING\r\n',
      replyWithinMs: waitMs,
    },
  );
  const after = await proxyStats(controlPort);
  const steered = after.connections > before.connections;
  const delayed = after.delayedChunks > before.delayedChunks;
  const least = Math.max(0, settings.latencyMs - settings.jitterMs);
  const reply = probe.replyAfterMs[0];
  const detail = [
    `${route.destination.pod}:${route.destination.port}: ${steered ? 'connection steered through the proxy' : 'connection NOT steered through the proxy'}`,
    delayed
      ? `${after.delayedChunks - before.delayedChunks} chunk(s) held ${after.minDelayMs}–${after.maxDelayMs} ms so far`
      : 'no chunk held yet',
    reply === undefined ? 'no reply to the probe' : `reply after ${Math.round(reply)} ms`,
  ].join('; ');
  const held = delayed && (after.maxDelayMs ?? 0) >= least;
  return { ok: steered && (held || (reply !== undefined && reply >= least)), detail };
}
