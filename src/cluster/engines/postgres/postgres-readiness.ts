import type { EnginePod } from '../../index.ts';
import { runTool } from '../admin-tool.ts';
import type { EngineContext } from '../engine-context.ts';
import { notReady, ready, type Readiness } from '../readiness.ts';
import { SERVICE_DATABASES } from './patroni-config.ts';
import { psqlQuery } from './postgres-tools.ts';

/** A member as Patroni's REST `/cluster` lists it. */
export interface PatroniMember {
  name: string;
  /** `leader`, `replica`, `sync_standby`, ... */
  role: string;
  /** `running`, `streaming` (newer Patroni), `starting`, `stopped`, ... */
  state: string;
  host: string;
  lag?: number | string;
  timeline?: number;
}

/** The cluster as one member's Patroni REST API reports it. */
export async function patroniMembers(pod: EnginePod, timeoutMs = 2000): Promise<PatroniMember[]> {
  const response = await fetch(`http://${pod.address}:${pod.ports.patroni}/cluster`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`${pod.name} /cluster answered ${response.status}`);
  const body = (await response.json()) as { members?: PatroniMember[] };
  return body.members ?? [];
}

/** The members from the first pod whose Patroni answers. */
async function anyMembers(pods: readonly EnginePod[]): Promise<PatroniMember[] | string> {
  const errors: string[] = [];
  for (const pod of pods) {
    try {
      return await patroniMembers(pod);
    } catch (error) {
      errors.push(`${pod.name}: ${(error as Error).message}`);
    }
  }
  return errors.join('; ');
}

/**
 * Ready when Patroni has one running leader and every other member is a running replica, the
 * leader's `pg_stat_replication` shows each replica `streaming` (Patroni 3.0 itself only says
 * `running`), and the service databases exist (they are created here, on the leader, if not).
 */
export async function postgresReadiness(
  pods: readonly EnginePod[],
  context: EngineContext,
): Promise<Readiness> {
  const members = await anyMembers(pods);
  if (typeof members === 'string') return notReady(`no Patroni answers: ${members}`);
  const leader = members.find((member) => member.role === 'leader' && member.state === 'running');
  if (!leader) return notReady(`no running leader: ${describe(members)}`);
  const replicas = members.filter(
    (member) => member.role === 'replica' && ['running', 'streaming'].includes(member.state),
  );
  if (replicas.length !== pods.length - 1)
    return notReady(`${replicas.length}/${pods.length - 1} replicas running: ${describe(members)}`);
  const leaderPod = pods.find((pod) => pod.name === leader.name);
  if (!leaderPod)
    return notReady(`leader ${leader.name} is not one of ${pods.map((pod) => pod.name).join(', ')}`);

  const replication = await runTool(
    psqlQuery(leaderPod, context, 'SELECT application_name, state FROM pg_stat_replication'),
  );
  if (replication.code !== 0)
    return notReady(`pg_stat_replication on ${leader.name}: ${replication.stderr.trim()}`);
  const streaming = new Set(
    rows(replication.stdout)
      .filter(([, state]) => state === 'streaming')
      .map(([name]) => name),
  );
  const lagging = replicas.filter((replica) => !streaming.has(replica.name));
  if (lagging.length > 0)
    return notReady(
      `not streaming from ${leader.name} yet: ${lagging.map((replica) => replica.name).join(', ')}`,
    );

  const created = await createServiceDatabases(leaderPod, context);
  if (typeof created === 'string') return notReady(created);
  return ready(
    `leader ${leader.name}, ${replicas.map((replica) => `${replica.name} streaming`).join(', ')}; databases ${SERVICE_DATABASES.join(', ')}` +
      (created.length > 0 ? ` (created ${created.join(', ')})` : ''),
  );
}

/** Creates each service database missing on the leader; returns those created, or what went wrong. */
async function createServiceDatabases(leader: EnginePod, context: EngineContext): Promise<string[] | string> {
  const existing = await runTool(psqlQuery(leader, context, 'SELECT datname FROM pg_database'));
  if (existing.code !== 0) return `listing databases on ${leader.name}: ${existing.stderr.trim()}`;
  const names = new Set(rows(existing.stdout).map(([name]) => name));
  const missing = SERVICE_DATABASES.filter((name) => !names.has(name));
  for (const name of missing) {
    // CREATE DATABASE cannot run in a transaction block, so one statement per call; the names are our own constants.
    const result = await runTool(psqlQuery(leader, context, `CREATE DATABASE ${name}`));
    if (result.code !== 0 && !result.stderr.includes('already exists'))
      return `CREATE DATABASE ${name}: ${result.stderr.trim()}`;
  }
  return missing;
}

function rows(output: string): string[][] {
  return output
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split('|'));
}

function describe(members: readonly PatroniMember[]): string {
  return members.map((member) => `${member.name} ${member.role}/${member.state}`).join(', ') || 'no members';
}
