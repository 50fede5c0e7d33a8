import { ButterflyError, EXIT_CODES, UsageError, exitCodeOf } from '../kit/errors/index.ts';
import { COMMANDS } from './commands.ts';
import { parseCommandArgs, type Command } from './command.ts';

/** The top-level help: every visible command with its summary. */
export function helpText(): string {
  const visible = COMMANDS.filter((command) => !command.hidden);
  const width = Math.max(...visible.map((command) => command.name.length));
  return [
    'butterfly — the BUTTERFLY platform, kept alive through partial outages and partitions',
    '',
    'Usage: butterfly <command> [options]',
    '',
    'Commands:',
    ...visible.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "Run 'butterfly <command> --help' for a command's options.",
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `Usage: butterfly ${command.usage}\n\n${command.summary}`;
}

/** Runs the CLI on `argv` (without node and script) and resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(helpText() + '\n');
    return name === undefined ? EXIT_CODES.CANNOT_RUN : EXIT_CODES.OK;
  }
  if (name === '--version' || name === '-v') {
    const { BUTTERFLY_VERSION } = await import('../kit/platform/index.ts');
    process.stdout.write(`butterfly ${BUTTERFLY_VERSION}\n`);
    return EXIT_CODES.OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  try {
    if (!command) throw new UsageError(`unknown command '${name}'`);
    // After `--` the words belong to the tool being run (exec), not to butterfly.
    const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (own.includes('--help') || own.includes('-h')) {
      process.stdout.write(commandHelp(command) + '\n');
      return EXIT_CODES.OK;
    }
    return await command.run(parseCommandArgs(command, rest));
  } catch (error) {
    return report(error, command);
  }
}

function report(error: unknown, command: Command | undefined): number {
  if (error instanceof UsageError) {
    process.stderr.write(
      `butterfly: ${error.message}\n${command ? `Usage: butterfly ${command.usage}` : helpText()}\n`,
    );
    return exitCodeOf(error.code);
  }
  if (error instanceof ButterflyError) {
    process.stderr.write(`butterfly: ${error.message}\n`);
    return exitCodeOf(error.code);
  }
  process.stderr.write(
    `butterfly: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return exitCodeOf('BFY_ERR_INTERNAL');
}
