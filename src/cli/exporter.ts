import { z } from 'zod';
import { EXIT_CODES, UsageError } from '../kit/errors/index.ts';
import { systemClock } from '../kit/time/index.ts';
import { localCollectors, startExporterServer } from '../exporter/index.ts';
import { stringOption, type Command } from './command.ts';
import { untilStopSignal } from './signals.ts';
import { STATE_DIR_OPTION, stateDirForProfile } from './state-dir.ts';

/** Where the exporter listens unless told: the port next to the services' 8080 range, loopback only. */
export const DEFAULT_EXPORTER_LISTEN = '127.0.0.1:9300';

const LISTEN = z
  .string()
  .regex(/^(?<host>\[[0-9a-fA-F:]+\]|[^:\s]+):(?<port>\d{1,5})$/, 'expected HOST:PORT, e.g. 127.0.0.1:9300')
  .transform((text) => {
    const colon = text.lastIndexOf(':');
    return { host: text.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(text.slice(colon + 1)) };
  })
  .refine((listen) => listen.port <= 65_535, 'the port must be 0–65535');

/** Parses `--listen HOST:PORT`; a bad value is a UsageError naming the option and the form. */
export function parseListen(text: string): { host: string; port: number } {
  const parsed = LISTEN.safeParse(text);
  if (!parsed.success)
    throw new UsageError(`--listen: ${parsed.error.issues[0]?.message ?? 'invalid'}; got '${text}'`);
  return parsed.data;
}

/** `butterfly exporter`: the engines' and connectivity metrics of the local profile on /metrics. */
export const exporterCommand: Command = {
  name: 'exporter',
  summary: 'Serve Prometheus metrics of the engines and the service-to-service connectivity matrix',
  usage: `exporter [--listen ${DEFAULT_EXPORTER_LISTEN}] [--state-dir DIR]`,
  options: { listen: { type: 'string' }, ...STATE_DIR_OPTION },
  maxPositionals: 0,
  async run(args) {
    const { host, port } = parseListen(stringOption(args, 'listen') ?? DEFAULT_EXPORTER_LISTEN);
    const stateDir = stateDirForProfile(args, 'local');
    const server = await startExporterServer({
      host,
      port,
      clock: systemClock,
      collectors: localCollectors({ clock: systemClock, stateDir }),
    });
    process.stdout.write(`butterfly exporter: ${server.url}/metrics (state in ${stateDir})\n`);
    await untilStopSignal();
    await server.close();
    return EXIT_CODES.OK;
  },
};
