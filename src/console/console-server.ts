import Fastify, { type FastifyInstance } from 'fastify';
import { Authenticator } from '../host/auth/index.ts';
import { toErrorReply } from '../host/index.ts';
import { ConfigError } from '../kit/errors/index.ts';
import { isLoopbackHost, serviceEnvSchema } from '../kit/config/index.ts';
import { EXPERIMENTS_DIR } from '../chaos/spec/index.ts';
import type { Clock } from '../kit/time/index.ts';
import type { AlertRule } from '../ops/status/index.ts';
import { assetRoutes } from './console-assets.ts';
import { consoleAuth } from './console-auth.ts';
import type { ConsoleContext } from './console-context.ts';
import { chaosRoutes } from './chaos-routes.ts';
import { collectNow, NowFeed } from './now-feed.ts';
import { nowRoutes } from './now-routes.ts';

/** How the console is started. */
export interface ConsoleOptions {
  host: string;
  port: number;
  target: 'local' | 'k8s';
  stateDir: string;
  reportsDir: string;
  /** The user's experiment folder, shown beside ours. */
  userExperimentsDir?: string;
  clock: Clock;
  rules: readonly AlertRule[];
  /** How often the live view is refreshed; the matrix is at most this (plus one status pass) behind. */
  streamIntervalMs?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Off loopback the services' credentials are required (BUTTERFLY_JWT_SECRET or BUTTERFLY_API_KEYS,
 * parsed by the services' own schema); with none configured the console refuses to start.
 */
async function authenticatorFor(host: string, env: NodeJS.ProcessEnv): Promise<Authenticator | undefined> {
  if (isLoopbackHost(host)) return undefined;
  const parsed = serviceEnvSchema
    .pick({ BUTTERFLY_JWT_SECRET: true, BUTTERFLY_JWT_PUBLIC_KEY: true, BUTTERFLY_API_KEYS: true })
    .safeParse(env);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })));
  const { BUTTERFLY_JWT_SECRET: jwtSecret, BUTTERFLY_JWT_PUBLIC_KEY: jwtPublicKey } = parsed.data;
  const apiKeys = parsed.data.BUTTERFLY_API_KEYS ?? [];
  if (!jwtSecret && !jwtPublicKey && apiKeys.length === 0)
    throw new ConfigError([
      {
        field: 'listen',
        message: `${host} is not loopback, so the console needs credentials: set BUTTERFLY_JWT_SECRET, BUTTERFLY_JWT_PUBLIC_KEY or BUTTERFLY_API_KEYS`,
      },
    ]);
  return Authenticator.create({
    mode: 'on',
    ...(jwtSecret ? { jwtSecret } : {}),
    ...(jwtPublicKey ? { jwtPublicKey } : {}),
    apiKeys,
  });
}

/** Builds the console server (not listening yet). */
export async function buildConsole(options: ConsoleOptions): Promise<FastifyInstance> {
  const authenticator = await authenticatorFor(options.host, options.env ?? process.env);
  const { stateDir, clock, rules } = options;
  const feed = new NowFeed(
    () => collectNow({ stateDir, clock, rules }),
    clock,
    options.streamIntervalMs ?? 1000,
  );
  const context: ConsoleContext = {
    stateDir,
    target: options.target,
    clock,
    rules,
    reportsDir: options.reportsDir,
    experimentDirs: [EXPERIMENTS_DIR, ...(options.userExperimentsDir ? [options.userExperimentsDir] : [])],
    feed,
  };
  const app = Fastify({ logger: false });
  app.setErrorHandler((error, request, reply) => {
    const answer = toErrorReply(error, request.id);
    void reply.status(answer.status).headers(answer.headers).send(answer.envelope);
  });
  await app.register(consoleAuth, { authenticator });
  assetRoutes(app);
  nowRoutes(app, context);
  chaosRoutes(app, context);
  app.addHook('onClose', async () => feed.stop());
  return app;
}
