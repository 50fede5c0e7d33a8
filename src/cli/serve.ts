import { loadServiceConfig } from '../kit/config/index.ts';
import { EXIT_CODES, UsageError } from '../kit/errors/index.ts';
import { SERVICE_NAMES, isServiceName } from '../kit/platform/index.ts';
import { runService } from '../host/index.ts';
import { SERVICES } from '../services/index.ts';
import { stringOption, type Command } from './command.ts';
import { untilStopSignal } from './signals.ts';

/** `butterfly serve <service>`: runs one service in this process until SIGTERM/SIGINT. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run one service in the foreground',
  usage: `serve <${SERVICE_NAMES.join('|')}> [--port N] [--host ADDR]`,
  options: { port: { type: 'string' }, host: { type: 'string' } },
  maxPositionals: 1,
  async run(args) {
    const name = args.positionals[0];
    if (!name) throw new UsageError('which service? expected one of ' + SERVICE_NAMES.join(', '));
    if (!isServiceName(name))
      throw new UsageError(`unknown service '${name}'; expected one of ${SERVICE_NAMES.join(', ')}`);
    const port = stringOption(args, 'port');
    const host = stringOption(args, 'host');
    const config = loadServiceConfig(name, {
      ...process.env,
      ...(port !== undefined ? { BUTTERFLY_PORT: port } : {}),
      ...(host !== undefined ? { BUTTERFLY_HOST: host } : {}),
    });
    const service = await runService(SERVICES[name], config);
    await service.shutdown(await untilStopSignal());
    return EXIT_CODES.OK;
  },
};
