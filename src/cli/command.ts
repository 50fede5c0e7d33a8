import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../kit/errors/index.ts';

/** Option definitions, as node:util parseArgs takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** One `butterfly` command. */
export interface Command {
  name: string;
  summary: string;
  /** The usage line after `butterfly `, e.g. `serve <service> [--port N]`. */
  usage: string;
  options: OptionSpec;
  /** Positional arguments allowed (at most). */
  maxPositionals: number;
  /** Not listed in `--help` (used by butterfly itself). */
  hidden?: boolean;
  run(args: ParsedArgs): Promise<number>;
}

/** Parsed command line of one command. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Parses argv strictly: unknown options and extra positionals are UsageErrors. */
export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  if (parsed.positionals.length > command.maxPositionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[command.maxPositionals]}'`);
  }
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
}

/** A string option's value. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean flag's value. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}
