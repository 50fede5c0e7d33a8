import type { EnginePod } from '../../index.ts';
import type { ToolCommand } from '../admin-tool.ts';
import type { EngineContext } from '../engine-context.ts';
import { cassandraFiles } from './cassandra-pod.ts';
import { cassandraDirs } from './cassandra-config.ts';
import { TOOL_HEAP_OPTIONS, jvm17Args } from './jvm-options.ts';
import { podDir } from '../pod-files.ts';

/**
 * `nodetool <args>` against one node. Local JMX listens on 127.0.0.1 only (not on the node's
 * address), on the node's own port; the tool JVM needs the same Java 17 module flags.
 */
export function nodetool(pod: EnginePod, context: EngineContext, args: readonly string[]): ToolCommand {
  const { binaries } = context;
  return {
    command: binaries.java,
    args: [
      ...TOOL_HEAP_OPTIONS,
      ...jvm17Args(),
      `-Dlogback.configurationFile=file://${cassandraFiles(pod, context.stateDir).toolsLogback}`,
      `-Dcassandra.logdir=${cassandraDirs(podDir(context.stateDir, pod)).logs}`,
      '-cp',
      `${binaries.cassandraLib}/*`,
      'org.apache.cassandra.tools.NodeTool',
      '-h',
      '127.0.0.1',
      '-p',
      String(pod.ports.jmx),
      ...args,
    ],
  };
}

/** One node of `nodetool status`: state (U/D), mode (N/L/J/M) and address. */
export interface NodeStatus {
  status: 'U' | 'D';
  state: 'N' | 'L' | 'J' | 'M';
  address: string;
}

/** Parses the node lines of `nodetool status` (e.g. `UN  127.0.2.1  104 KiB  16  ...`). */
export function parseNodetoolStatus(output: string): NodeStatus[] {
  const nodes: NodeStatus[] = [];
  for (const line of output.split('\n')) {
    const match = /^([UD])([NLJM])\s+(\S+)/.exec(line.trim());
    if (match)
      nodes.push({
        status: match[1] as 'U' | 'D',
        state: match[2] as NodeStatus['state'],
        address: match[3]!,
      });
  }
  return nodes;
}
