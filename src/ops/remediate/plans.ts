import type { Observations, ScenarioId } from '../status/index.ts';

/** What one step does: a tagged union the executor routes by `kind`. */
export type StepAction =
  /** Release the pod's hold, or kill its process group, so the supervisor starts it afresh. */
  | { kind: 'restart-pod'; pod: string; engine: 'cassandra' | 'postgres' | 'redis' }
  /** `patronictl failover --candidate <candidate> --force` when no member is a running primary. */
  | { kind: 'patroni-failover'; candidate: string }
  /** Check only: every Redis node answers, none flagged failed, cluster_state ok. */
  | { kind: 'redis-cluster-check' }
  /** Check only: a running primary with every other member a running replica. */
  | { kind: 'postgres-check' }
  /** Check only: every Cassandra node answers CQL. */
  | { kind: 'cassandra-check' }
  /** Undo every journaled local chaos fault and sweep unjournaled leftovers (cleanupLocal). */
  | { kind: 'remove-stuck-chaos' }
  /** Restart services whose breakers stay open towards peers that answer again. */
  | { kind: 'restart-stale-services' };

/** One step of a remediation plan: what it does, the command it stands for here and on Kubernetes. */
export interface PlanStep {
  action: StepAction;
  title: string;
  /** The local profile's command for the step (what `--apply` does, as an operator would type it). */
  command: string;
  /** The runbook's Kubernetes command for the same step. */
  kubernetes: string;
}

/** A scenario's remediation, computed from what status observed. */
export interface RemediationPlan {
  scenario: ScenarioId;
  steps: PlanStep[];
}

function restartPod(pod: string, engine: 'cassandra' | 'postgres' | 'redis', held: boolean): PlanStep {
  return {
    action: { kind: 'restart-pod', pod, engine },
    title: `restart ${pod}`,
    command: held
      ? `rm <state-dir>/holds/${pod}   # release the hold; the supervisor starts ${pod}`
      : `kill -9 -<pid of ${pod} in butterfly ps>   # the supervisor starts it again`,
    kubernetes: `kubectl delete pod ${pod}`,
  };
}

const STALE: PlanStep = {
  action: { kind: 'restart-stale-services' },
  title: 'restart services whose connections are stale (breakers open towards peers that answer)',
  command: 'kill -TERM -<pid of each such service in butterfly ps>   # the supervisor starts it again',
  kubernetes: 'kubectl rollout restart deployment <service>',
};

function planA(o: Observations): PlanStep[] {
  const down = (o.cassandra ?? []).filter((node) => !node.up).map((node) => node.node);
  return [
    ...down.map((pod) => restartPod(pod, 'cassandra', o.heldPods.includes(pod))),
    {
      action: { kind: 'cassandra-check' },
      title: 'every Cassandra node UN',
      command: 'butterfly exec cassandra-0 -- nodetool status',
      kubernetes: 'kubectl exec cassandra-0 -- nodetool status',
    },
    STALE,
  ];
}

function planB(o: Observations): PlanStep[] {
  const members = o.postgres ?? [];
  const steps: PlanStep[] = [];
  const primary = members.find((m) => m.role === 'primary' && m.running);
  const candidate = members.find((m) => m.running && m !== primary);
  if (!primary && candidate)
    steps.push({
      action: { kind: 'patroni-failover', candidate: candidate.member },
      title: `fail over to ${candidate.member}`,
      command: `butterfly exec ${candidate.member} -- patronictl failover --candidate ${candidate.member} --force`,
      kubernetes: `kubectl exec ${candidate.member} -- patronictl failover --candidate ${candidate.member}`,
    });
  for (const member of members.filter((m) => !m.running))
    steps.push(restartPod(member.member, 'postgres', o.heldPods.includes(member.member)));
  steps.push(
    {
      action: { kind: 'postgres-check' },
      title: 'a running leader, the other member a running replica',
      command: `butterfly exec ${candidate?.member ?? 'postgres-0'} -- patronictl list`,
      kubernetes: 'kubectl exec postgres-0 -- psql -c "SELECT * FROM pg_stat_replication;"',
    },
    STALE,
  );
  return steps;
}

function planC(o: Observations): PlanStep[] {
  const failed = (o.redis?.nodes ?? []).filter((node) => !node.up || node.failed).map((node) => node.node);
  return [
    ...failed.map((pod) => restartPod(pod, 'redis', o.heldPods.includes(pod))),
    {
      action: { kind: 'redis-cluster-check' },
      title: 'cluster_state ok, every node answering, none failed',
      command: 'butterfly exec redis-0 -- redis-cli cluster check localhost:6379',
      kubernetes: 'kubectl exec redis-0 -- redis-cli cluster check localhost:6379',
    },
    STALE,
  ];
}

function planD(o: Observations): PlanStep[] {
  return [
    {
      action: { kind: 'remove-stuck-chaos' },
      title: `remove stuck chaos${o.chaosLeftovers.length > 0 ? ` (${o.chaosLeftovers.length} journaled fault(s))` : ''} and check the matrix`,
      command: 'butterfly chaos cleanup   # cleanupLocal: journaled faults undone, tagged rules swept',
      kubernetes: 'kubectl delete networkchaos --all -n butterfly-chaos',
    },
    STALE,
  ];
}

const PLANS: Readonly<Record<ScenarioId, (o: Observations) => PlanStep[]>> = {
  A: planA,
  B: planB,
  C: planC,
  D: planD,
};

/** The runbook's remediation of a scenario, for the pods this observation found affected. */
export function planFor(scenario: ScenarioId, observations: Observations): RemediationPlan {
  return { scenario, steps: PLANS[scenario](observations) };
}
