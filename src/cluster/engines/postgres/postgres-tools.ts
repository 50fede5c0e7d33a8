import type { EnginePod } from '../../index.ts';
import type { ToolCommand } from '../admin-tool.ts';
import type { EngineContext } from '../engine-context.ts';
import { podDir } from '../pod-files.ts';
import { POSTGRES_CREDENTIALS, patroniPaths } from './patroni-config.ts';

/** `patronictl -c <the member's patroni.yml> <args>`. */
export function patronictl(pod: EnginePod, context: EngineContext, args: readonly string[]): ToolCommand {
  return {
    command: context.binaries.patronictl,
    args: ['-c', patroniPaths(podDir(context.stateDir, pod)).config, ...args],
  };
}

/** `psql` connected to the member itself (not to whichever is leader), as the superuser. */
export function psql(pod: EnginePod, context: EngineContext, args: readonly string[]): ToolCommand {
  const { username, password } = POSTGRES_CREDENTIALS.superuser;
  return {
    command: context.binaries.psql,
    args: ['-h', pod.address, '-p', String(pod.ports.postgres), '-U', username, '-d', 'postgres', ...args],
    env: { PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' },
  };
}

/** `pg_isready` against the member. */
export function pgIsReady(pod: EnginePod, context: EngineContext, args: readonly string[]): ToolCommand {
  return {
    command: context.binaries.pgIsReady,
    args: ['-h', pod.address, '-p', String(pod.ports.postgres), ...args],
  };
}

/** One query through psql, unaligned and tuples only: the rows, their fields split on `|`. */
export function psqlQuery(pod: EnginePod, context: EngineContext, sql: string): ToolCommand {
  return psql(pod, context, ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
}
