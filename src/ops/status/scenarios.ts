/** The runbook's four scenarios. */
export const SCENARIOS = ['A', 'B', 'C', 'D'] as const;

/** One of the runbook's scenarios: A Cassandra, B PostgreSQL primary, C Redis, D partition. */
export type ScenarioId = (typeof SCENARIOS)[number];

/** Each scenario's title and its section in the runbook (the alert rules' `runbook_url` anchors). */
export const SCENARIO_INFO: Readonly<Record<ScenarioId, { title: string; anchor: string }>> = {
  A: { title: 'Cassandra partial outage', anchor: 'scenario-a-cassandra-partial-outage' },
  B: { title: 'PostgreSQL primary failure', anchor: 'scenario-b-postgresql-primary-failure' },
  C: { title: 'Redis cluster degraded', anchor: 'scenario-c-redis-cluster-degraded' },
  D: {
    title: 'Cross-service network partition',
    anchor: 'scenario-d-cross-service-network-partition',
  },
};

/** True when `text` names a scenario (A–D, upper case). */
export function isScenarioId(text: string): text is ScenarioId {
  return (SCENARIOS as readonly string[]).includes(text);
}
