import type { ClusterView } from './patroni-cluster.ts';

/** What the leader's `pg_stat_replication` lists as streaming, by application name (= member name). */
export const STREAMING_REPLICAS_SQL =
  "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'";

/**
 * Adds what the leader says of its WAL senders to Patroni's view. Patroni 3.0 reports a replica
 * cut off from its leader as `running`, and its lag grows only as fast as the leader writes, so a
 * quiet cluster could route reads to a replica that stopped streaming minutes ago. A replica the
 * leader does not stream to is not readable. With no answer from the leader (`undefined`), the
 * view stands as Patroni gave it.
 */
export function withStreamingState(
  view: ClusterView,
  streaming: ReadonlySet<string> | undefined,
): ClusterView {
  if (!streaming || !view.leader) return view;
  return {
    ...view,
    replicas: view.replicas.map((replica) => {
      const isStreaming = streaming.has(replica.name);
      return { ...replica, streaming: isStreaming, readable: replica.readable && isStreaming };
    }),
  };
}
