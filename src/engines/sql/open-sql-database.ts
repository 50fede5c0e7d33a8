import { join } from 'node:path';
import type { ServiceContext } from '../../kit/server/index.ts';
import { PgliteClient } from '../embedded/index.ts';
import {
  PatroniSqlClient,
  postgresHealthIndicator,
  postgresOptionsFrom,
  type RoutingEvent,
} from '../postgres/index.ts';
import { migrate } from './migrate.ts';
import type { Migration, SqlClient } from './sql-client.ts';

/**
 * Opens a service's own SQL database for the configured profile — PGlite under the state
 * directory (`embedded`) or the service's database on the Patroni cluster (`local`) — applies
 * its migrations (on the leader), registers the `db` health component and closes the database
 * when the service closes.
 */
export async function openSqlDatabase(
  context: ServiceContext,
  migrations: readonly Migration[],
  onClose: (hook: () => Promise<void>) => void,
): Promise<SqlClient> {
  const { config } = context;
  if (config.profile === 'embedded') return openEmbedded(context, migrations, onClose);
  if (config.profile === 'local') return openPatroni(context, migrations, onClose);
  throw new Error(
    `the ${config.profile} profile's PostgreSQL store is not available in this build; use --profile embedded or local`,
  );
}

async function openEmbedded(
  context: ServiceContext,
  migrations: readonly Migration[],
  onClose: (hook: () => Promise<void>) => void,
): Promise<SqlClient> {
  const { config } = context;
  const client = await PgliteClient.open(join(config.stateDir, config.service, 'pgdata'));
  await migrate(client, migrations);
  context.health.add({
    name: 'db',
    readiness: true,
    check: async () => ({ status: 'UP', details: await client.ping() }),
  });
  onClose(() => client.close());
  return client;
}

async function openPatroni(
  context: ServiceContext,
  migrations: readonly Migration[],
  onClose: (hook: () => Promise<void>) => void,
): Promise<SqlClient> {
  const options = postgresOptionsFrom(context.config);
  const client = await PatroniSqlClient.open(options, {
    clock: context.clock,
    onEvent: (event) => logRoutingEvent(context, event),
  });
  try {
    const applied = await migrate(client, migrations);
    if (applied > 0) context.log.info({ database: options.database, applied }, 'applied migrations');
  } catch (error) {
    await client.close();
    throw error;
  }
  context.health.add(postgresHealthIndicator(client, options.database));
  onClose(() => client.close());
  return client;
}

/** Routing decisions in the service's log: what changed, never connection settings. */
function logRoutingEvent(context: ServiceContext, event: RoutingEvent): void {
  const { log } = context;
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
