import { join } from 'node:path';
import type { ServiceContext } from '../../kit/server/index.ts';
import { PgliteClient } from '../embedded/index.ts';
import { migrate } from './migrate.ts';
import type { Migration, SqlClient } from './sql-client.ts';

/**
 * Opens a service's own SQL database for the configured profile, applies its migrations,
 * registers the `db` health component and closes the database when the service closes.
 */
export async function openSqlDatabase(
  context: ServiceContext,
  migrations: readonly Migration[],
  onClose: (hook: () => Promise<void>) => void,
): Promise<SqlClient> {
  const { config } = context;
  if (config.profile !== 'embedded') {
    throw new Error(
      `the ${config.profile} profile's PostgreSQL store is not available in this build; use --profile embedded`,
    );
  }
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
