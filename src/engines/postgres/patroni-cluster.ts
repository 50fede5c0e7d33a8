import { z } from 'zod';
import type { Clock } from '../../kit/time/index.ts';
import { describeFailure } from './postgres-failure.ts';

/** A PostgreSQL member's address, as Patroni advertises it. */
export interface MemberAddress {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** A replica as the router sees it. */
export interface ReplicaMember extends MemberAddress {
  readonly role: string;
  readonly state: string;
  /** WAL bytes behind the leader as Patroni reports it; null when Patroni does not know. */
  readonly lagBytes: number | null;
  /** Running, and no further behind than allowed: reads may go here. */
  readonly readable: boolean;
  /** Whether the leader's pg_stat_replication lists it as streaming; absent when not asked. */
  readonly streaming?: boolean;
}

/** The cluster as one Patroni member reported it. */
export interface ClusterView {
  /** The running leader, or null during an election or when none is running. */
  readonly leader: MemberAddress | null;
  /** Every member in a replica role, readable or not. */
  readonly replicas: readonly ReplicaMember[];
  /** Members in no usable role or state (stopped, starting, a standby leader…), for health details. */
  readonly others: readonly { readonly name: string; readonly role: string; readonly state: string }[];
  /** The Patroni REST URL that answered. */
  readonly source: string;
}

// Patroni has called the leader `master`, `leader` and `primary` over its versions.
const LEADER_ROLES = new Set(['leader', 'master', 'primary']);
const REPLICA_ROLES = new Set(['replica', 'sync_standby', 'quorum_standby']);
// Patroni 3.0 says `running` for a replica; later versions say `streaming` once it streams.
const LIVE_STATES = new Set(['running', 'streaming']);

const memberSchema = z.object({
  name: z.string().min(1),
  role: z.string(),
  state: z.string(),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  lag: z.union([z.number(), z.string()]).optional(),
  timeline: z.number().optional(),
});

const clusterSchema = z.object({ members: z.array(memberSchema).default([]) });

/** True when a member in this state serves queries. */
export function isLive(state: string): boolean {
  return LIVE_STATES.has(state);
}

/**
 * Reads Patroni's `GET /cluster` answer: the running leader (the highest timeline if, briefly,
 * two claim it) and the replicas, each readable when live and at most `maxLagBytes` behind.
 */
export function parseClusterView(body: unknown, source: string, maxLagBytes: number): ClusterView {
  const parsed = clusterSchema.safeParse(body);
  if (!parsed.success)
    throw new Error(
      `${source}/cluster answer not understood: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  const members = parsed.data.members;
  const leaders = members
    .filter((member) => LEADER_ROLES.has(member.role) && member.state === 'running')
    .sort((a, b) => (b.timeline ?? 0) - (a.timeline ?? 0));
  const leader = leaders[0];
  const replicas = members
    .filter((member) => REPLICA_ROLES.has(member.role))
    .map((member): ReplicaMember => {
      const lagBytes = typeof member.lag === 'number' ? member.lag : null;
      return {
        name: member.name,
        host: member.host,
        port: member.port,
        role: member.role,
        state: member.state,
        lagBytes,
        readable: isLive(member.state) && lagBytes !== null && lagBytes <= maxLagBytes,
      };
    });
  const others = members
    .filter((member) => member !== leader && !REPLICA_ROLES.has(member.role))
    .map(({ name, role, state }) => ({ name, role, state }));
  return {
    leader: leader ? { name: leader.name, host: leader.host, port: leader.port } : null,
    replicas,
    others,
    source,
  };
}

/** Fetches a URL's JSON body; rejects on a non-2xx answer. Replaced by a fake in tests. */
export type FetchJson = (url: string, signal: AbortSignal) => Promise<unknown>;

/** `fetch` on the global dispatcher. */
export const fetchJson: FetchJson = async (url, signal) => {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`answered ${response.status}`);
  return response.json();
};

/** How to ask Patroni. */
export interface ClusterFetchOptions {
  readonly patroniUrls: readonly string[];
  readonly timeoutMs: number;
  readonly maxLagBytes: number;
  readonly clock: Clock;
  readonly fetchJson?: FetchJson;
}

/**
 * Asks every Patroni member for `/cluster` at once and answers with the first view that has a
 * leader — a member cut off from the others (or from etcd) may not know one — or, when none
 * has, the first view at all. One slow member costs nothing while another answers; the whole
 * question is bounded by `timeoutMs`. Rejects when no member answers.
 */
export async function fetchClusterView(
  options: ClusterFetchOptions,
  signal?: AbortSignal,
): Promise<ClusterView> {
  const { patroniUrls, timeoutMs, maxLagBytes, clock } = options;
  const get = options.fetchJson ?? fetchJson;
  const controller = new AbortController();
  const timer = clock.schedule(timeoutMs, () =>
    controller.abort(new Error(`no answer within ${timeoutMs}ms`)),
  );
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await new Promise<ClusterView>((resolve, reject) => {
      const leaderless: ClusterView[] = [];
      const errors: string[] = [];
      let pending = patroniUrls.length;
      for (const url of patroniUrls) {
        const base = url.replace(/\/+$/, '');
        get(`${base}/cluster`, controller.signal)
          .then((body) => {
            const view = parseClusterView(body, base, maxLagBytes);
            if (view.leader) resolve(view);
            else leaderless.push(view);
          })
          .catch((error: unknown) => {
            // fetch rejects with the signal's reason when aborted; name the timeout, not "aborted".
            const aborted =
              controller.signal.aborted && (error === controller.signal.reason || isAbort(error));
            errors.push(`${base}: ${describeFailure(aborted ? controller.signal.reason : error)}`);
          })
          .finally(() => {
            pending -= 1;
            if (pending > 0) return;
            const [first] = leaderless;
            if (first) resolve(first);
            else reject(new Error(`no Patroni member answered: ${errors.join('; ')}`));
          });
      }
    });
  } finally {
    timer.cancel();
    signal?.removeEventListener('abort', onAbort);
    // Questions still out are no longer needed once one answer won.
    controller.abort();
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Names of the members a view lists, for messages. */
export function describeView(view: ClusterView): string {
  const parts = [
    ...(view.leader ? [`${view.leader.name} leader`] : ['no leader']),
    ...view.replicas.map((replica) => `${replica.name} ${replica.role}/${replica.state}`),
    ...view.others.map((member) => `${member.name} ${member.role}/${member.state}`),
  ];
  return parts.join(', ');
}
