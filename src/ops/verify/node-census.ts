import { createHash } from 'node:crypto';
import { types } from 'cassandra-driver';
import { BUTTERFLY_KEYSPACE, withNodeSession } from '../../cluster/engines/index.ts';
import type { Pod } from '../../cluster/index.ts';

/** One scope's capsules on one node: how many, and a digest of their ids. */
export interface ScopeTally {
  tenant: string;
  scopeId: string;
  count: number;
  digest: string;
}

/** What one Cassandra node holds of CAPSULE's tables, read from that node alone at consistency ONE. */
export type NodeCensus =
  | { node: string; reachable: true; capsulesById: number; scopes: ScopeTally[] }
  | { node: string; reachable: false; error: string };

/** Which capsules to count. */
export interface CensusFilter {
  tenant?: string;
  scopeId?: string;
}

/** The key of a scope across nodes and services. */
export const scopeKey = (tenant: string, scopeId: string) => `${tenant}\u0000${scopeId}`;

/** A digest of a set of capsule ids: equal sets, equal digests, whatever the read order. */
export function digestOf(ids: readonly string[]): string {
  return createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
}

const ONE = { consistency: types.consistencies.one, prepare: true, fetchSize: 1000 } as const;

/**
 * Reads `capsules_by_scope` and counts `capsules_by_id` through a session pinned to `pod` (an
 * allow-list of that one host) at consistency ONE. With RF 3 on three nodes the coordinator is a
 * replica of every row and reads its own copy (the dynamic snitch may still prefer another
 * replica under load), so a node that missed writes shows it.
 */
export async function nodeCensus(pod: Pod, filter: CensusFilter = {}): Promise<NodeCensus> {
  try {
    return await withNodeSession(
      pod,
      async (client) => {
        const ids = new Map<string, string[]>();
        const scopeQuery =
          filter.tenant !== undefined && filter.scopeId !== undefined
            ? {
                cql: `SELECT tenant, scope_id, capsule_id FROM ${BUTTERFLY_KEYSPACE}.capsules_by_scope WHERE tenant = ? AND scope_id = ?`,
                params: [filter.tenant, filter.scopeId],
              }
            : {
                cql: `SELECT tenant, scope_id, capsule_id FROM ${BUTTERFLY_KEYSPACE}.capsules_by_scope`,
                params: [],
              };
        for await (const row of await client.execute(scopeQuery.cql, scopeQuery.params, ONE)) {
          const tenant = String(row.get('tenant'));
          const scopeId = String(row.get('scope_id'));
          if (filter.tenant !== undefined && tenant !== filter.tenant) continue;
          if (filter.scopeId !== undefined && scopeId !== filter.scopeId) continue;
          const key = scopeKey(tenant, scopeId);
          ids.set(key, [...(ids.get(key) ?? []), String(row.get('capsule_id'))]);
        }
        let capsulesById = 0;
        for await (const row of await client.execute(
          `SELECT tenant, scope_id FROM ${BUTTERFLY_KEYSPACE}.capsules_by_id`,
          [],
          ONE,
        )) {
          if (filter.tenant !== undefined && String(row.get('tenant')) !== filter.tenant) continue;
          if (filter.scopeId !== undefined && String(row.get('scope_id')) !== filter.scopeId) continue;
          capsulesById += 1;
        }
        const scopes = [...ids.entries()].map(([key, capsuleIds]) => {
          const [tenant = '', scopeId = ''] = key.split('\u0000');
          return { tenant, scopeId, count: capsuleIds.length, digest: digestOf(capsuleIds) };
        });
        return { node: pod.name, reachable: true as const, capsulesById, scopes };
      },
      { connectTimeoutMs: 3000, readTimeoutMs: 20_000 },
    );
  } catch (error) {
    return { node: pod.name, reachable: false, error: (error as Error).message.split('\n')[0] ?? 'failed' };
  }
}
