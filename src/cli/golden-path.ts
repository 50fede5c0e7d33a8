import { ClusterNotRunningError, EXIT_CODES } from '../kit/errors/index.ts';
import type { ServiceName } from '../kit/platform/index.ts';
import { formatDuration } from '../kit/time/index.ts';
import { runningState } from '../cluster/index.ts';
import { PlatformClient, runGoldenPath, type CheckpointResult } from '../ops/golden-path/index.ts';
import { flag, stringOption, type Command } from './command.ts';
import { renderTable } from './table.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

/** `butterfly golden-path`: the loop end to end against the running cluster, timed per checkpoint. */
export const goldenPathCommand: Command = {
  name: 'golden-path',
  summary: 'Run the golden loop end to end against the running platform',
  usage: 'golden-path [--json] [--tenant ID] [--api-key KEY] [--state-dir DIR]',
  options: {
    json: { type: 'boolean' },
    tenant: { type: 'string' },
    'api-key': { type: 'string' },
    ...STATE_DIR_OPTION,
  },
  maxPositionals: 0,
  async run(args) {
    const stateDir = stateDirOf(args);
    const state = runningState(stateDir);
    if (!state) throw new ClusterNotRunningError(stateDir);
    const urls = Object.fromEntries(
      state.pods.filter(({ pod }) => pod.service).map(({ pod, url }) => [pod.service, url]),
    ) as Record<ServiceName, string>;
    const apiKey = stringOption(args, 'api-key') ?? process.env.BUTTERFLY_API_KEY;
    const client = new PlatformClient(urls, {
      'x-tenant-id': stringOption(args, 'tenant') ?? 'golden-path',
      ...(apiKey ? { 'x-api-key': apiKey } : {}),
    });
    const json = flag(args, 'json');
    const result = await runGoldenPath(client, {
      onCheckpoint: (checkpoint) => {
        if (!json)
          process.stdout.write(
            `  ${mark(checkpoint)} ${checkpoint.name.padEnd(12)} ${formatDuration(checkpoint.durationMs).padStart(7)}  ${checkpoint.detail}\n`,
          );
      },
    });
    if (json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    } else {
      process.stdout.write(
        '\n' +
          renderTable(
            ['CHECKPOINT', 'STATUS', 'TIME', 'WHAT'],
            result.checkpoints.map((c) => [
              c.name,
              c.status,
              c.status === 'SKIPPED' ? '-' : formatDuration(c.durationMs),
              c.description,
            ]),
          ),
      );
      process.stdout.write(
        `golden path ${result.passed ? 'PASSED' : 'FAILED'} in ${formatDuration(result.totalMs)} (budget ${formatDuration(result.loopBudgetMs)}, 10s per checkpoint) for ${result.rimNodeId}\n`,
      );
    }
    return result.passed ? EXIT_CODES.OK : EXIT_CODES.FAILED;
  },
};

function mark(checkpoint: CheckpointResult): string {
  return checkpoint.status === 'PASS' ? '✓' : checkpoint.status === 'FAIL' ? '✗' : '-';
}
