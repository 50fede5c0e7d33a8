import { after } from 'node:test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PatroniSqlClient,
  postgresOptionsFrom,
  type RouterOverrides,
  type RoutingEvent,
} from '../../../src/engines/postgres/index.ts';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import type { ServiceName } from '../../../src/kit/platform/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';

export const run = randomUUID().slice(0, 8);

/** A tenant of this run only. */
export const tenantOf = (name: string) => `postgres-test-${run}-${name}`;

export const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-postgres-test-'));

// Peers are absent (the discard port refuses at once): outboxes just queue.
export const env = {
  BUTTERFLY_PROFILE: 'local',
  BUTTERFLY_STATE_DIR: stateDir,
  BUTTERFLY_LOG_LEVEL: 'silent',
  BUTTERFLY_CAPSULE_URL: 'http://127.0.0.1:9',
  BUTTERFLY_SYNAPSE_URL: 'http://127.0.0.1:9',
  BUTTERFLY_ODYSSEY_URL: 'http://127.0.0.1:9',
  BUTTERFLY_PERCEPTION_URL: 'http://127.0.0.1:9',
  BUTTERFLY_PLATO_URL: 'http://127.0.0.1:9',
};

export const configOf = (service: ServiceName) => loadServiceConfig(service, env);

/** A router on `database` (a service's, or a scratch one), with overrides for the test at hand. */
export async function routerOn(
  service: ServiceName,
  overrides: RouterOverrides = {},
  events: RoutingEvent[] = [],
): Promise<PatroniSqlClient> {
  return PatroniSqlClient.open(postgresOptionsFrom(configOf(service), overrides), {
    clock: systemClock,
    onEvent: (event) => events.push(event),
  });
}

export interface Answerer {
  on_replica: boolean;
  address: string;
}

export const WHO = 'pg_is_in_recovery() AS on_replica, host(inet_server_addr()) AS address';

/** Starts what these tests share before them and stops it after. */
export function usePostgresTier(): void {
  after(() => rmSync(stateDir, { recursive: true, force: true }));
}
