import { POD_NAMES, type ServiceName } from '../../kit/platform/index.ts';
import type { Observations } from './observations.ts';
import type { ScenarioId } from './scenarios.ts';

/** One command of the runbook to run next, and why. */
export interface NextStep {
  command: string;
  why: string;
}

const SERVICE_ADDRESS: Readonly<Record<ServiceName, string>> = {
  perception: '127.0.1.1',
  capsule: '127.0.1.2',
  odyssey: '127.0.1.3',
  plato: '127.0.1.4',
  nexus: '127.0.1.5',
  synapse: '127.0.1.6',
};

/** A pod that answers, to run a tool from (the runbook's `cassandra-0` may be the dead one). */
function liveOr(candidates: readonly string[], fallback: string): string {
  return candidates[0] ?? fallback;
}

function cassandraSteps(o: Observations): NextStep[] {
  const nodes = o.cassandra ?? [];
  const live = liveOr(
    nodes.filter((n) => n.up).map((n) => n.node),
    'cassandra-0',
  );
  const down = nodes.filter((n) => !n.up).map((n) => n.node);
  return [
    { command: `butterfly exec ${live} -- nodetool status`, why: 'which nodes the cluster sees DN' },
    {
      command: `butterfly exec ${live} -- nodetool describecluster`,
      why: 'schema agreement and unreachable nodes',
    },
    ...down.map((node) => ({ command: `butterfly logs ${node}`, why: `why ${node} stopped` })),
    {
      command: 'butterfly remediate A --apply',
      why: `restart ${down.length > 0 ? down.join(', ') : 'the down node'} (its hold released) and re-check`,
    },
    { command: 'butterfly verify consistency --repair', why: 'repair what the node missed, then compare' },
  ];
}

function postgresSteps(o: Observations): NextStep[] {
  const members = o.postgres ?? [];
  const running = members.filter((m) => m.running);
  const live = liveOr(
    running.map((m) => m.member),
    'postgres-0',
  );
  const primary = running.find((m) => m.role === 'primary')?.member;
  const candidate = running.find((m) => m.role === 'replica')?.member;
  return [
    { command: `butterfly exec ${live} -- pg_isready`, why: 'does PostgreSQL accept connections' },
    { command: `butterfly exec ${live} -- patronictl list`, why: 'the leader, the replicas and their lag' },
    ...(primary
      ? [
          {
            command: `butterfly exec ${primary} -- psql -c "SELECT * FROM pg_stat_replication;"`,
            why: 'which replicas stream from the leader',
          },
        ]
      : candidate
        ? [
            {
              command: `butterfly exec ${candidate} -- patronictl failover --candidate ${candidate} --force`,
              why: 'no running primary: promote the healthy replica',
            },
          ]
        : []),
    {
      command: 'butterfly remediate B --apply',
      why: 'failover if needed, restart the failed member, re-check',
    },
  ];
}

function redisSteps(o: Observations): NextStep[] {
  const nodes = o.redis?.nodes ?? [];
  const live = liveOr(
    nodes.filter((n) => n.up).map((n) => n.node),
    'redis-0',
  );
  const failed = nodes.filter((n) => !n.up || n.failed).map((n) => n.node);
  return [
    { command: `butterfly exec ${live} -- redis-cli cluster info`, why: 'cluster_state and known nodes' },
    {
      command: `butterfly exec ${live} -- redis-cli cluster nodes`,
      why: 'which nodes are fail and who took over',
    },
    {
      command: 'butterfly remediate C --apply',
      why: `restart ${failed.length > 0 ? failed.join(', ') : 'the failed node'} and check the cluster`,
    },
    {
      command: `butterfly exec ${live} -- redis-cli cluster check localhost:6379`,
      why: 'every slot covered',
    },
  ];
}

function partitionSteps(o: Observations): NextStep[] {
  const cells = (o.matrix ?? []).filter((cell) => cell.status === 0);
  const first = cells[0];
  return [
    ...(first
      ? [
          {
            command: `curl -v --interface ${SERVICE_ADDRESS[first.source]} http://${POD_NAMES[first.target]}:8080/actuator/health`,
            why: `from ${first.source}'s address to ${first.target} (needs up --hosts; else ${SERVICE_ADDRESS[first.target]})`,
          },
        ]
      : []),
    { command: 'iptables -S OUTPUT', why: 'rules that drop traffic between pod addresses' },
    {
      command: 'butterfly remediate D --apply',
      why: 'remove stuck chaos (journaled faults), restart services whose connections are stale',
    },
  ];
}

const STEPS: Readonly<Record<ScenarioId, (o: Observations) => NextStep[]>> = {
  A: cassandraSteps,
  B: postgresSteps,
  C: redisSteps,
  D: partitionSteps,
};

/** The runbook's next steps for a scenario, naming the pods this observation found. */
export function nextStepsFor(scenario: ScenarioId, observations: Observations): NextStep[] {
  return STEPS[scenario](observations);
}

/** What to run once every scenario's remediation is done. */
export const AFTER_REMEDIATION: readonly NextStep[] = [
  {
    command: 'butterfly verify consistency',
    why: 'Cassandra nodes agree; CAPSULE and ODYSSEY count the same',
  },
  { command: 'butterfly verify recovery', why: 'engines, matrix, golden path, partition validate-only' },
];
