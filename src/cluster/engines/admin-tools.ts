import type { EnginePod } from '../index.ts';
import type { ToolCommand } from './admin-tool.ts';
import { cqlQuery, formatCqlTable } from './cassandra/cql.ts';
import { nodetool } from './cassandra/nodetool.ts';
import type { EngineContext } from './engine-context.ts';
import { etcdctl } from './etcd/etcd-pod.ts';
import { pgIsReady, patronictl, psql } from './postgres/postgres-tools.ts';
import { redisCli } from './redis/redis-pod.ts';
import { EXIT_CODES } from '../../kit/errors/index.ts';

/** Where an in-process tool writes. */
export interface ToolOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** An admin tool for one pod: a program to run, or (CQL) a query this process runs with the driver. */
export type AdminTool =
  | { kind: 'process'; command(args: readonly string[]): ToolCommand }
  | { kind: 'in-process'; run(args: readonly string[], output: ToolOutput): Promise<number> };

type ToolTable = Record<string, AdminTool>;

const program = (build: (args: readonly string[]) => ToolCommand): AdminTool => ({
  kind: 'process',
  command: build,
});

/**
 * The runbook writes `redis-cli cluster check localhost:6379`, which redis-cli itself only knows
 * as `--cluster check`; inside a pod, localhost is the pod. Everything else passes unchanged.
 */
export function runbookRedisArgs(pod: EnginePod, args: readonly string[]): string[] {
  const local = (word: string) => word.replace(/^(localhost|127\.0\.0\.1)(?=:|$)/, pod.address);
  if (args[0] === 'cluster' && args[1] === 'check')
    return [
      '--cluster',
      'check',
      ...(args.length > 2 ? args.slice(2).map(local) : [`${pod.address}:${pod.ports.redis}`]),
    ];
  if (args[0] === '--cluster') return args.map(local);
  return [...args];
}

/** `cqlsh -e '<query>'` (as the runbook uses it) or `cql <query words>`: one statement on the pod itself. */
function cql(pod: EnginePod): AdminTool {
  return {
    kind: 'in-process',
    async run(args, output) {
      const statement = (args[0] === '-e' ? args.slice(1) : args).join(' ').trim();
      if (!statement) {
        output.stderr(`usage: cqlsh -e '<CQL statement>'\n`);
        return EXIT_CODES.CANNOT_RUN;
      }
      try {
        output.stdout(formatCqlTable(await cqlQuery(pod, statement)));
        return EXIT_CODES.OK;
      } catch (error) {
        output.stderr(`${(error as Error).message}\n`);
        return EXIT_CODES.FAILED;
      }
    },
  };
}

/** The admin tools of an engine pod, by the name `butterfly exec <pod> -- <tool>` takes. */
export function adminTools(pod: EnginePod, context: EngineContext): ToolTable {
  switch (pod.engine) {
    case 'cassandra':
      return { nodetool: program((args) => nodetool(pod, context, args)), cqlsh: cql(pod), cql: cql(pod) };
    case 'postgres':
      return {
        patronictl: program((args) => patronictl(pod, context, args)),
        psql: program((args) => psql(pod, context, args)),
        pg_isready: program((args) => pgIsReady(pod, context, args)),
      };
    case 'etcd':
      return { etcdctl: program((args) => etcdctl(pod, context, args)) };
    case 'redis':
      return { 'redis-cli': program((args) => redisCli(pod, context, runbookRedisArgs(pod, args))) };
  }
}
