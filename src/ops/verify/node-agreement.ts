import { scopeKey, type NodeCensus } from './node-census.ts';

/** Something the Cassandra nodes do not agree on. */
export interface NodeDisagreement {
  /** `capsules_by_id` for the table count, else the scope. */
  what: string;
  /** Per node: the count (and digest for scopes). */
  byNode: Record<string, string>;
}

/** The verdict over the nodes' censuses. */
export interface NodeAgreement {
  consistent: boolean;
  unreachable: { node: string; error: string }[];
  disagreements: NodeDisagreement[];
  scopesCompared: number;
}

/**
 * Compares what each node holds: the `capsules_by_id` count and, per scope, the count and
 * digest of capsule ids. A node that could not be read makes the result inconsistent (it
 * cannot be vouched for), and is named.
 */
export function compareNodes(censuses: readonly NodeCensus[]): NodeAgreement {
  const read = censuses.filter((census) => census.reachable);
  const unreachable = censuses.flatMap((census) =>
    census.reachable ? [] : [{ node: census.node, error: census.error }],
  );
  const disagreements: NodeDisagreement[] = [];
  const byIdCounts = new Set(read.map((census) => census.capsulesById));
  if (byIdCounts.size > 1)
    disagreements.push({
      what: 'capsules_by_id',
      byNode: Object.fromEntries(read.map((census) => [census.node, String(census.capsulesById)])),
    });
  const keys = new Map<string, { tenant: string; scopeId: string }>();
  for (const census of read)
    for (const scope of census.scopes) keys.set(scopeKey(scope.tenant, scope.scopeId), scope);
  for (const [key, { tenant, scopeId }] of keys) {
    const cells = read.map((census) => {
      const scope = census.scopes.find((s) => scopeKey(s.tenant, s.scopeId) === key);
      return [census.node, scope ? `${scope.count} (${scope.digest})` : '0'] as const;
    });
    if (new Set(cells.map(([, cell]) => cell)).size > 1)
      disagreements.push({ what: `scope ${scopeId} (tenant ${tenant})`, byNode: Object.fromEntries(cells) });
  }
  return {
    consistent: unreachable.length === 0 && disagreements.length === 0 && read.length > 0,
    unreachable,
    disagreements,
    scopesCompared: keys.size,
  };
}
