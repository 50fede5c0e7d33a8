import { staleBreakers, type Observations } from '../status/index.ts';
import type { StepAction } from './plans.ts';

/** Whether a step's effect is there, and what was seen. */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

const result = (ok: boolean, good: string, bad: string): CheckResult => ({ ok, detail: ok ? good : bad });

function podCheck(o: Observations, pod: string, engine: 'cassandra' | 'postgres' | 'redis'): CheckResult {
  switch (engine) {
    case 'cassandra': {
      const node = o.cassandra?.find((n) => n.node === pod);
      return result(
        node?.up === true,
        `${pod} answers CQL`,
        `${pod} ${node ? 'does not answer CQL' : 'not observed'}`,
      );
    }
    case 'postgres': {
      const member = o.postgres?.find((m) => m.member === pod);
      return result(
        member?.running === true,
        `${pod} running as ${member?.role}`,
        `${pod} ${member ? 'not running' : 'not observed'}`,
      );
    }
    case 'redis': {
      const node = o.redis?.nodes.find((n) => n.node === pod);
      return result(
        node !== undefined && node.up && !node.failed,
        `${pod} answers as ${node?.role ?? 'a node'}`,
        `${pod} ${!node ? 'not observed' : !node.up ? 'does not answer' : 'flagged fail'}`,
      );
    }
  }
}

function partitionedPairs(o: Observations): string[] {
  const cells = o.matrix ?? [];
  const reached = new Set(cells.filter((c) => c.status >= 200 && c.status < 300).map((c) => c.target));
  return cells.filter((c) => c.status === 0 && reached.has(c.target)).map((c) => `${c.source} → ${c.target}`);
}

/** One running leader and every other member a running replica. */
function postgresCheck(o: Observations): CheckResult {
  const members = o.postgres ?? [];
  const leaders = members.filter((m) => m.role === 'primary' && m.running);
  const replicas = members.filter((m) => m.role === 'replica' && m.running);
  return result(
    members.length > 0 && leaders.length === 1 && replicas.length === members.length - 1,
    `leader ${leaders[0]?.member}, replicas ${replicas.map((m) => m.member).join(', ')}`,
    `leaders [${leaders.map((m) => m.member).join(', ')}], running replicas [${replicas.map((m) => m.member).join(', ')}] of ${members.length}`,
  );
}

/** cluster_state ok, no failed node, every node answering. */
function redisClusterCheck(o: Observations): CheckResult {
  const redis = o.redis;
  const bad = (redis?.nodes ?? []).filter((n) => !n.up || n.failed).map((n) => n.node);
  return result(
    redis !== undefined && redis.clusterOk && redis.failedNodes === 0 && bad.length === 0,
    `cluster_state ok, ${redis?.knownNodes} known, none failed`,
    redis
      ? `cluster_state ${redis.clusterOk ? 'ok' : 'fail'}, failed ${redis.failedNodes}${bad.length > 0 ? ` (${bad.join(', ')})` : ''}`
      : 'not observed',
  );
}

/** The re-check of a step, on a fresh observation: did it take effect? */
export function checkStep(action: StepAction, o: Observations): CheckResult {
  switch (action.kind) {
    case 'restart-pod':
      return podCheck(o, action.pod, action.engine);
    case 'patroni-failover': {
      const leader = o.postgres?.find((m) => m.role === 'primary' && m.running);
      return result(leader !== undefined, `${leader?.member} leads`, 'no running primary');
    }
    case 'postgres-check':
      return postgresCheck(o);
    case 'cassandra-check': {
      const down = (o.cassandra ?? []).filter((n) => !n.up).map((n) => n.node);
      return result(
        o.cassandra !== undefined && down.length === 0,
        'every node answers CQL',
        o.cassandra ? `down: ${down.join(', ')}` : 'not observed',
      );
    }
    case 'redis-cluster-check':
      return redisClusterCheck(o);
    case 'remove-stuck-chaos': {
      const cut = partitionedPairs(o);
      return result(
        o.chaosLeftovers.length === 0 && cut.length === 0,
        'no chaos journaled, every pair answers',
        [...o.chaosLeftovers.map((f) => `still journaled: ${f}`), ...cut.map((p) => `no answer ${p}`)].join(
          '; ',
        ),
      );
    }
    case 'restart-stale-services': {
      const stale = staleBreakers(o);
      const silent = o.services.filter((s) => s.status === 'UNREACHABLE').map((s) => s.service);
      return result(
        stale.length === 0 && silent.length === 0,
        'no breaker open towards a peer that answers; every service answers',
        [
          ...stale.map((b) => `${b.service}: ${b.breaker} ${b.state}`),
          ...silent.map((s) => `${s} does not answer`),
        ].join('; '),
      );
    }
  }
}
