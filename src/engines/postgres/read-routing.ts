import { isLive, type ClusterView, type MemberAddress } from './patroni-cluster.ts';

/**
 * The members a read may try, best first. Readable replicas (least lag first) come before the
 * leader, so reads take load off it and keep working when it fails — except when
 * `preferLeader` (this client wrote a moment ago: the replica may not have replayed it yet).
 * Replicas that are live but too far behind, or whose lag Patroni cannot tell, come last:
 * a stale answer beats none when nobody else answers.
 */
export function readOrder(view: ClusterView | undefined, preferLeader: boolean): MemberAddress[] {
  if (!view) return [];
  const byLag = [...view.replicas].sort(
    (a, b) => (a.lagBytes ?? Number.POSITIVE_INFINITY) - (b.lagBytes ?? Number.POSITIVE_INFINITY),
  );
  const readable = byLag.filter((replica) => replica.readable);
  const lastResort = byLag.filter((replica) => !replica.readable && isLive(replica.state));
  const leader = view.leader ? [view.leader] : [];
  const preferred = preferLeader ? [...leader, ...readable] : [...readable, ...leader];
  return [...preferred, ...lastResort].map(({ name, host, port }) => ({ name, host, port }));
}
