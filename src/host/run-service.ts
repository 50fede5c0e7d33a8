import type { ServiceConfig } from '../kit/config/index.ts';
import { EXIT_CODES } from '../kit/errors/index.ts';
import { buildService, type BuiltService } from './build-service.ts';
import type { ServiceDefinition } from './service-context.ts';

/** A listening service and the promise that settles when it has shut down. */
export interface RunningService extends BuiltService {
  url: string;
  /** Stops accepting, drains in-flight requests, closes stores; resolves when all is closed. */
  shutdown(reason: string): Promise<void>;
}

/** Builds a service and listens on the configured address. */
export async function runService(
  definition: ServiceDefinition,
  config: ServiceConfig,
): Promise<RunningService> {
  const built = await buildService(definition, config);
  const url = await built.app.listen({ host: config.host, port: config.port });
  let closed: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    closed ??= (async () => {
      built.app.log.info({ reason }, 'shutting down: draining in-flight requests');
      built.beginShutdown();
      const deadline = setTimeout(() => {
        built.app.log.error(`shutdown took longer than ${config.shutdownTimeoutMs}ms; exiting`);
        process.exit(EXIT_CODES.FAILED);
      }, config.shutdownTimeoutMs);
      deadline.unref();
      await built.app.close();
      clearTimeout(deadline);
      built.app.log.info('shut down');
    })();
    return closed;
  };
  return { ...built, url, shutdown };
}
