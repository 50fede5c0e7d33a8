import { runTool, patroniMembers, parseClusterNodes, redisCli } from '../engines/index.ts';
import type { EngineContext } from '../engines/index.ts';
import { enginePods, type EnginePod } from '../index.ts';

/** The first answer of `ask` over the pods, or undefined when none answers. */
async function firstAnswer<T>(
  pods: readonly EnginePod[],
  ask: (pod: EnginePod) => Promise<T>,
): Promise<T | undefined> {
  for (const pod of pods) {
    try {
      return await ask(pod);
    } catch {
      // That pod is down or partitioned: ask the next.
    }
  }
  return undefined;
}

/**
 * The `role` label of the pods whose role changes at run time, by pod name: PostgreSQL pods as
 * Patroni names them (`leader`, `replica`), Redis pods as the cluster does (`master`,
 * `replica`). A pod no member can vouch for (down, or marked failed) is left out.
 */
export async function liveRoles(context: EngineContext): Promise<Map<string, string>> {
  const roles = new Map<string, string>();
  const members = await firstAnswer(enginePods('postgres'), (pod) => patroniMembers(pod));
  for (const member of members ?? []) roles.set(member.name, member.role);

  const redis = enginePods('redis');
  const nodes = await firstAnswer(redis, async (pod) => {
    const result = await runTool(redisCli(pod, context, ['cluster', 'nodes']), 5000);
    if (result.code !== 0 || !result.stdout.includes('myself')) throw new Error(result.stderr);
    return parseClusterNodes(result.stdout);
  });
  for (const node of nodes ?? []) {
    // A node the cluster marked failed keeps its last flags ("master,fail"): nobody vouches for it.
    if (node.flags.includes('fail')) continue;
    const pod = redis.find((candidate) => `${candidate.address}:${candidate.ports.redis}` === node.address);
    if (pod) roles.set(pod.name, node.role);
  }
  return roles;
}
