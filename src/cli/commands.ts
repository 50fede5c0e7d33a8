import { chaosCommand } from './chaos.ts';
import type { Command } from './command.ts';
import { consoleCommand } from './console.ts';
import { downCommand, psCommand, superviseCommand, upCommand } from './cluster.ts';
import { execCommand } from './exec.ts';
import { exporterCommand } from './exporter.ts';
import { goldenPathCommand } from './golden-path.ts';
import { incidentCommand } from './incident.ts';
import { loadCommand } from './load.ts';
import { logsCommand } from './logs.ts';
import { remediateCommand } from './remediate.ts';
import { serveCommand } from './serve.ts';
import { setupCommand } from './setup.ts';
import { statusCommand } from './status.ts';
import { verifyCommand } from './verify.ts';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  upCommand,
  downCommand,
  psCommand,
  statusCommand,
  consoleCommand,
  remediateCommand,
  verifyCommand,
  logsCommand,
  goldenPathCommand,
  loadCommand,
  chaosCommand,
  execCommand,
  exporterCommand,
  incidentCommand,
  setupCommand,
  serveCommand,
  superviseCommand,
];
