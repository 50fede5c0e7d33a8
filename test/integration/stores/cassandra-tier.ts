import { after, before } from 'node:test';
import { randomUUID } from 'node:crypto';
import {
  cassandraSettingsOf,
  CassandraSession,
  ensureTables,
  healthProbeTable,
} from '../../../src/engines/cassandra/index.ts';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { CAPSULE_TABLES } from '../../../src/services/capsule/cassandra-capsule-statements.ts';
import { ACTION_LOG_TABLES } from '../../../src/services/synapse/actions/cassandra-action-log-statements.ts';

export const run = randomUUID().slice(0, 8);

/** A tenant of this run only. */
export const tenantOf = (name: string) => `cassandra-test-${run}-${name}`;

export const localConfig = loadServiceConfig('capsule', {
  BUTTERFLY_PROFILE: 'local',
  BUTTERFLY_LOG_LEVEL: 'silent',
});

export let session: CassandraSession;

/** Starts what these tests share before them and stops it after. */
export function useCassandraSession(): void {
  before(async () => {
    // No skip when the tier is down: connecting fails and so does every test in this file.
    session = await CassandraSession.connect(cassandraSettingsOf(localConfig), systemClock);
    await ensureTables(session, [healthProbeTable('capsule'), ...CAPSULE_TABLES, ...ACTION_LOG_TABLES]);
  });
  after(async () => {
    await session?.close();
  });
}
