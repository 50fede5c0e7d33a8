import { heldPods, isAlive, readClusterState, releasePod } from '../../cluster/index.ts';
import { engineBinaries, patronictl, runTool } from '../../cluster/engines/index.ts';
import { enginePods } from '../../cluster/local/index.ts';
import { cleanupLocal } from '../../chaos/local/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import { staleBreakers, type Observations } from '../status/index.ts';
import type { StepAction } from './plans.ts';

/** What applying a step needs: the cluster and the observation the step is applied on. */
export interface StepContext {
  stateDir: string;
  clock: Clock;
  observations: Observations;
}

/** Does a step on the local profile and says what it did. */
export type ApplyStep<K extends StepAction['kind']> = (
  action: Extract<StepAction, { kind: K }>,
  context: StepContext,
) => Promise<string>;

function podPid(stateDir: string, pod: string): number | undefined {
  const pid = readClusterState(stateDir)?.pods.find((entry) => entry.pod.name === pod)?.status?.pid;
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

const checkOnly = async () => 'nothing to do but check';

/** Each step kind's effect on the local profile, routed by a plain map. */
export const LOCAL_STEP_ACTIONS: { [K in StepAction['kind']]: ApplyStep<K> } = {
  async 'restart-pod'(action, { stateDir }) {
    if (heldPods(stateDir).includes(action.pod)) {
      // A held pod is down on purpose; letting go is the restart: the supervisor starts it.
      releasePod(stateDir, action.pod);
      return `released the hold on ${action.pod}; the supervisor starts it`;
    }
    const pid = podPid(stateDir, action.pod);
    if (pid === undefined) return `${action.pod} has no process; the supervisor is starting it`;
    // Alive but not answering: a hung process. Its whole group goes (Patroni with its postgres).
    process.kill(-pid, 'SIGKILL');
    return `killed ${action.pod}'s process group ${pid}; the supervisor starts it`;
  },

  async 'patroni-failover'(action, { stateDir, observations }) {
    if (observations.postgres?.some((m) => m.role === 'primary' && m.running))
      return 'a running primary exists already (Patroni promoted by itself)';
    const pod = enginePods('postgres').find((candidate) => candidate.name === action.candidate);
    if (!pod) throw new Error(`no PostgreSQL pod ${action.candidate}`);
    const tool = patronictl(pod, { stateDir, binaries: engineBinaries() }, [
      'failover',
      '--candidate',
      action.candidate,
      '--force',
    ]);
    const result = await runTool(tool, 60_000);
    if (result.code !== 0)
      throw new Error(`patronictl failover exited ${result.code}: ${result.stderr.trim()}`);
    return result.stdout.trim().split('\n').slice(-1)[0] ?? 'failover requested';
  },

  'postgres-check': checkOnly,
  'cassandra-check': checkOnly,
  'redis-cluster-check': checkOnly,

  async 'remove-stuck-chaos'(_action, { stateDir, clock }) {
    const { removed } = await cleanupLocal(stateDir, clock);
    return removed.length === 0 ? 'no chaos left behind' : `removed: ${removed.join('; ')}`;
  },

  async 'restart-stale-services'(_action, { stateDir, observations }) {
    const services = [...new Set(staleBreakers(observations).map((breaker) => breaker.service))];
    const restarted: string[] = [];
    for (const service of services) {
      const pod = observations.services.find((health) => health.service === service)?.pod;
      const pid = pod ? podPid(stateDir, pod) : undefined;
      if (!pod || pid === undefined) continue;
      // SIGTERM: the service drains and exits; the supervisor starts it with fresh connections.
      process.kill(-pid, 'SIGTERM');
      restarted.push(pod);
    }
    return restarted.length === 0 ? 'no service with stale connections' : `restarted ${restarted.join(', ')}`;
  },
};

/** Applies one step on the local profile. */
export function applyLocal(action: StepAction, context: StepContext): Promise<string> {
  const apply = LOCAL_STEP_ACTIONS[action.kind] as ApplyStep<StepAction['kind']>;
  return apply(action, context);
}
