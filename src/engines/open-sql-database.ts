import { join } from 'node:path';
import type { EnginePort } from './engine-port.ts';
import { PgliteClient } from './embedded/index.ts';
import {
  PatroniSqlClient,
  postgresHealthIndicator,
  postgresOptionsFrom,
  type RoutingEvent,
} from './postgres/index.ts';
import { migrate, type Migration, type SqlClient } from './sql/index.ts';

/**
 * Opens a service's own SQL database for the configured profile — PGlite under the state
 * directory (`embedded`) or the service's database on the Patroni cluster (`local`) — applies
 * its migrations (on the leader), registers the `db` health component and closes the database
 * when the service closes.
 */
export async function openSqlDatabase(
  port: EnginePort,
  migrations: readonly Migration[],
  onClose: (hook: () => Promise<void>) => void,
): Promise<SqlClient> {
  const { settings: config } = port;
  if (config.profile === 'embedded') return openEmbedded(port, migrations, onClose);
  if (config.profile === 'local') return openPatroni(port, migrations, onClose);
  throw new Error(
    `the ${config.profile} profile's PostgreSQL store is not available in this build; use --profile embedded or local`,
  );
}

async function openEmbedded(
  port: EnginePort,
  migrations: readonly Migration[],
  onClose: (hook: () => Promise<void>) => void,
): Promise<SqlClient> {
  const { settings: config } = port;
  const client = await PgliteClient.open(join(config.stateDir, config.service, 'pgdata'));
  await migrate(client, migrations);
  port.registerHealth({
    name: 'db',
    readiness: true,
    check: async () => ({ status: 'UP', details: await client.ping() }),
  });
  onClose(() => client.close());
  return client;
}

async function openPatroni(
  port: EnginePort,
  migrations: readonly Migration[],
  onClose: (hook: () => Promise<void>) => void,
): Promise<SqlClient> {
  const options = postgresOptionsFrom(port.settings);
  const client = await PatroniSqlClient.open(options, {
    clock: port.clock,
    onEvent: (event) => logRoutingEvent(port, event),
  });
  try {
    const applied = await migrate(client, migrations);
    if (applied > 0) port.log.info({ database: options.database, applied }, 'applied migrations');
  } catch (error) {
    await client.close();
    throw error;
  }
  port.registerHealth(postgresHealthIndicator(client, options.database));
  onClose(() => client.close());
  return client;
}

/** Routing decisions in the service's log: what changed, never connection settings. */
function logRoutingEvent(port: EnginePort, event: RoutingEvent): void {
  const { log } = port;
  switch (event.type) {
    case 'leader-changed':
      log.info({ postgres: event }, `PostgreSQL leader: ${event.to ?? 'none'} (${event.view})`);
      return;
    case 'idle-connection-lost':
      log.debug({ postgres: event }, `an idle PostgreSQL connection to ${event.member} closed`);
      return;
    default:
      log.warn({ postgres: event }, `PostgreSQL ${event.type}`);
  }
}
