import { systemClock } from '../kit/time/index.ts';
import {
  collectStatus,
  verdictExitCode,
  loadAlertRules,
  renderStatus,
  type StatusReport,
} from '../ops/status/index.ts';
import { flag, type Command } from './command.ts';
import { untilStopSignal } from './signals.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

/** How often `--watch` refreshes. */
const WATCH_INTERVAL_MS = 5000;

function print(report: StatusReport, json: boolean): void {
  process.stdout.write(json ? JSON.stringify(report) + '\n' : renderStatus(report));
}

/** `butterfly status`: the runbook's "identify the affected component" in one screen. */
export const statusCommand: Command = {
  name: 'status',
  summary:
    'Services, connectivity matrix, engine roles, alerts (evaluated from the rules file) and a diagnosis (scenario A–D with next steps); exit 0 healthy, 1 degraded, 2 cannot tell (a source did not answer)',
  usage: 'status [--json] [--watch] [--rules FILE] [--state-dir DIR]',
  options: {
    json: { type: 'boolean' },
    watch: { type: 'boolean' },
    rules: { type: 'string' },
    ...STATE_DIR_OPTION,
  },
  maxPositionals: 0,
  async run(args) {
    const stateDir = stateDirOf(args);
    const json = flag(args, 'json');
    const file = args.values.rules;
    const rules = loadAlertRules(typeof file === 'string' ? file : undefined);
    const once = () => collectStatus({ stateDir, clock: systemClock, rules });
    if (!flag(args, 'watch')) {
      const report = await once();
      print(report, json);
      return verdictExitCode(report.diagnosis);
    }
    let stopped = false;
    void untilStopSignal().then(() => {
      stopped = true;
    });
    let code = 2;
    while (!stopped) {
      const report = await once();
      code = verdictExitCode(report.diagnosis);
      // JSON lines for machines; a redrawn screen for people.
      if (!json) process.stdout.write('\x1b[2J\x1b[H');
      print(report, json);
      await systemClock.sleep(WATCH_INTERVAL_MS).catch(() => undefined);
    }
    return code;
  },
};
