import type { AlertRule } from './alert-rules.ts';
import type { Observations } from './observations.ts';

/** An alert whose condition holds on this observation (it fires once it has held for the rule's `for`). */
export interface ActiveAlert {
  alert: string;
  severity: string;
  for: string;
  scenario: string;
  /** What the alert is about: a node, a member, a pair, a breaker. */
  subject: string;
}

/** A condition in code: the subjects for which the rule's expression is true now. */
type Condition = (observations: Observations) => string[];

const ok = (status: number) => status >= 200 && status < 300;

/**
 * Each rule's PromQL expression, computed on the observations instead of evaluated: our six
 * expressions are fixed and small, and writing them here keeps status free of a PromQL engine.
 * A unit test checks this table against the rules file both ways, so a new rule cannot be
 * forgotten here.
 */
export const ALERT_CONDITIONS: Readonly<Record<string, Condition>> = {
  // cassandra_node_status{status="down"} == 1
  CassandraNodeDown: (o) => (o.cassandra ?? []).filter((node) => !node.up).map((node) => node.node),
  // count(pg_up) unless on() (pg_up{role="primary"} == 1)
  PostgresPrimaryUnavailable: (o) =>
    o.postgres && o.postgres.length > 0 && !o.postgres.some((m) => m.role === 'primary' && m.running)
      ? ['no running primary']
      : [],
  // pg_replication_lag > 30
  PostgresReplicationLag: (o) =>
    (o.postgres ?? []).filter((m) => (m.lagSeconds ?? 0) > 30).map((m) => `${m.member} ${m.lagSeconds}s`),
  // redis_cluster_state == 0 or redis_cluster_failed_nodes > 0
  RedisClusterDegraded: (o) =>
    o.redis && (!o.redis.clusterOk || o.redis.failedNodes > 0)
      ? [`cluster_state ${o.redis.clusterOk ? 'ok' : 'fail'}, ${o.redis.failedNodes} failed node(s)`]
      : [],
  // (probe_success == 0) and on(target) (max by (target) (probe_success) == 1)
  CrossServicePartition: (o) => {
    const cells = o.matrix ?? [];
    const reached = new Set(cells.filter((cell) => ok(cell.status)).map((cell) => cell.target));
    return cells
      .filter((cell) => !ok(cell.status) && reached.has(cell.target))
      .map((cell) => `${cell.source} → ${cell.target}`);
  },
  // resilience4j_circuitbreaker_state{state=~"open|half_open"} == 1 (forced states left out)
  CircuitBreakerOpen: (o) =>
    o.services.flatMap((service) =>
      Object.entries(service.openBreakers)
        .filter(([, state]) => state === 'OPEN' || state === 'HALF_OPEN')
        .map(([name]) => `${service.service}/${name}`),
    ),
};

/** The alerts whose condition is true on `observations`, one per subject, in the rules' order. */
export function activeAlerts(observations: Observations, rules: readonly AlertRule[]): ActiveAlert[] {
  return rules.flatMap((rule) =>
    (ALERT_CONDITIONS[rule.alert]?.(observations) ?? []).map((subject) => ({
      alert: rule.alert,
      severity: rule.severity,
      for: rule.for,
      scenario: rule.scenario,
      subject,
    })),
  );
}
