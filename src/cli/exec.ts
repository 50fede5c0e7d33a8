import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { ClusterNotRunningError, UsageError } from '../kit/errors/index.ts';
import { adminTools, engineBinaries, podDir } from '../cluster/engines/index.ts';
import { isEnginePod, localTopology } from '../cluster/local/index.ts';
import type { Command } from './command.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

/** `butterfly exec <pod> -- <tool> …`: an engine's admin tool against one pod, exit code passed through. */
export const execCommand: Command = {
  name: 'exec',
  summary:
    "Run an engine's admin tool against a pod (nodetool, cqlsh, patronictl, psql, pg_isready, redis-cli, etcdctl)",
  usage: 'exec [--state-dir DIR] <pod> -- <tool> [args…]   e.g. exec cassandra-0 -- nodetool status',
  options: { ...STATE_DIR_OPTION },
  maxPositionals: Number.MAX_SAFE_INTEGER,
  async run(args) {
    const [podName, toolName, ...toolArgs] = args.positionals;
    const enginePods = localTopology().pods.filter(isEnginePod);
    const pod = enginePods.find((candidate) => candidate.name === podName);
    if (!pod)
      throw new UsageError(
        `unknown engine pod '${podName ?? ''}'; pods: ${enginePods.map((candidate) => candidate.name).join(', ')}`,
      );
    const stateDir = stateDirOf(args);
    const context = { stateDir, binaries: engineBinaries() };
    const tools = adminTools(pod, context);
    const tool = toolName === undefined ? undefined : tools[toolName];
    if (!tool)
      throw new UsageError(
        `unknown tool '${toolName ?? ''}' for ${pod.name}; tools: ${Object.keys(tools).join(', ')}`,
      );
    if (!existsSync(podDir(stateDir, pod))) throw new ClusterNotRunningError(stateDir);
    if (tool.kind === 'in-process') {
      return tool.run(toolArgs, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
    }
    const command = tool.command(toolArgs);
    // Ctrl-C belongs to the tool (psql cancels its query); butterfly waits for the tool to exit.
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    return new Promise<number>((resolve) => {
      const child = spawn(command.command, command.args, {
        stdio: 'inherit',
        env: { ...process.env, ...command.env },
      });
      child.once('error', (error) => {
        process.stderr.write(
          `butterfly: cannot run ${command.command}: ${error.message} (run 'butterfly setup')\n`,
        );
        resolve(127);
      });
      child.once('exit', (code, signal) =>
        resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)),
      );
    }).finally(() => process.off('SIGINT', ignore));
  },
};
