import { z } from 'zod';

/** A PostgreSQL member under Patroni. */
export interface PostgresMember {
  /** The Patroni member name, e.g. `postgres-0`: the `instance` label. */
  name: string;
  /** Base URL of its Patroni REST API, e.g. `http://127.0.3.1:8008`. */
  patroniUrl: string;
}

/** A member's state as its Patroni REST API `GET /patroni` reports it. */
export interface PatroniStatus {
  /** `running`, `starting`, `stopped`, `crashed`, … (PostgreSQL as Patroni sees it). */
  state: string;
  role: 'primary' | 'replica' | 'unknown';
  /** The primary's current WAL position (bytes). */
  walLocation?: number;
  /** A replica's received and replayed WAL positions. */
  receivedLocation?: number;
  replayedLocation?: number;
  /** When the last transaction a replica replayed was committed, ms since the epoch. */
  replayedAt?: number;
  /** The replicas streaming from this member (a primary's `replication` list). */
  streaming: string[];
}

const PATRONI_BODY = z.object({
  state: z.string(),
  role: z.string().optional(),
  xlog: z
    .object({
      location: z.number().optional(),
      received_location: z.number().optional(),
      replayed_location: z.number().optional(),
      replayed_timestamp: z.string().nullable().optional(),
    })
    .optional(),
  replication: z.array(z.object({ application_name: z.string(), state: z.string() })).optional(),
});

// Patroni 3.0 says `master`; later versions say `primary`; a standby cluster's leader leads too.
const PRIMARY_ROLES = new Set(['master', 'primary', 'standby_leader']);
const REPLICA_ROLES = new Set(['replica', 'sync_standby', 'standby']);

/** Reads `/patroni` from a member's REST API; throws when it does not answer or answers nonsense. */
export async function patroniStatus(member: PostgresMember, signal: AbortSignal): Promise<PatroniStatus> {
  const response = await fetch(`${member.patroniUrl}/patroni`, { signal });
  // Patroni answers /patroni with 503 when PostgreSQL is not running; the body still says why.
  const body = PATRONI_BODY.parse(await response.json());
  return parsePatroniBody(body);
}

/** The parts of a `/patroni` body the exporter uses. */
export function parsePatroniBody(body: z.infer<typeof PATRONI_BODY>): PatroniStatus {
  const role = body.role ?? '';
  const replayed = body.xlog?.replayed_timestamp;
  return {
    state: body.state,
    role: PRIMARY_ROLES.has(role) ? 'primary' : REPLICA_ROLES.has(role) ? 'replica' : 'unknown',
    ...(body.xlog?.location !== undefined ? { walLocation: body.xlog.location } : {}),
    ...(body.xlog?.received_location !== undefined ? { receivedLocation: body.xlog.received_location } : {}),
    ...(body.xlog?.replayed_location !== undefined ? { replayedLocation: body.xlog.replayed_location } : {}),
    // Patroni prints Python's `2026-11-28 19:17:14.848966+00:00`.
    ...(replayed ? { replayedAt: Date.parse(replayed.replace(' ', 'T')) } : {}),
    streaming: (body.replication ?? [])
      .filter((peer) => peer.state === 'streaming')
      .map((peer) => peer.application_name),
  };
}

/** The schema of Patroni's `/patroni` answer, for tests that build one. */
export const PATRONI_STATUS_BODY = PATRONI_BODY;
