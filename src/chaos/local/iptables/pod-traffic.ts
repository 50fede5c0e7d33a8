/**
 * How one pod's packets are recognised on loopback. A service pod's peer calls leave from its
 * own address, so its address names its traffic both ways. An engine pod's outgoing connections
 * leave from 127.0.0.1 whatever address it listens on: they are its packets by the socket's owner
 * uid, and the answers to them are recognised by the connection mark its first packet got.
 */
export interface TrafficEnd {
  name: string;
  address: string;
  /** Set for engine pods, which each run under their own uid. */
  uid?: number;
}

/** The connection mark of connections an engine pod opened: its uid, in the low 16 bits. */
export function connectionMark(uid: number): string {
  return `${uid}/0xffff`;
}

/** Alternative matches (any one suffices) for packets the pod sends. */
export function sentBy(pod: TrafficEnd): string[][] {
  const byAddress = ['-s', pod.address];
  if (pod.uid === undefined) return [byAddress];
  return [byAddress, ['-m', 'owner', '--uid-owner', String(pod.uid)]];
}

/** Alternative matches (any one suffices) for packets sent to the pod. */
export function sentTo(pod: TrafficEnd): string[][] {
  const byAddress = ['-d', pod.address];
  if (pod.uid === undefined) return [byAddress];
  return [
    byAddress,
    ['-m', 'conntrack', '--ctdir', 'REPLY', '-m', 'connmark', '--mark', connectionMark(pod.uid)],
  ];
}

/**
 * The rule that marks connections an engine pod opens, so the answers to them (addressed to
 * 127.0.0.1) can be told apart as that pod's. Only the original direction sets it: the peer's
 * answers must not overwrite it with the peer's uid.
 */
export function markConnectionsOf(pod: TrafficEnd): string[] | undefined {
  if (pod.uid === undefined) return undefined;
  return [
    '-m',
    'owner',
    '--uid-owner',
    String(pod.uid),
    '-m',
    'conntrack',
    '--ctdir',
    'ORIGINAL',
    '-j',
    'CONNMARK',
    '--set-mark',
    connectionMark(pod.uid),
  ];
}
