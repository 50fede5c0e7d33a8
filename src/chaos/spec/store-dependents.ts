import type { HttpProbe, WorkloadKind } from './experiment.ts';

/**
 * What a pod's `app` label feeds: the health checks of the services that depend on it and the
 * ledgered workload that writes through it. Criteria derived for a user's file that names no
 * machine-readable criteria are built from this table (see docs/chaos.md, "The user's files").
 */
export interface Dependents {
  /** Who depends on the target, in words for `chaos plan`. */
  feeds: string;
  /** The health component that shows the fault (the first failure is the detection). */
  detection: Omit<HttpProbe, 'phases' | 'detection'>;
  /** Health checks of the services the target feeds. */
  health: Omit<HttpProbe, 'phases' | 'detection'>[];
  workload: WorkloadKind;
}

function health(name: string, url: string, json?: HttpProbe['json']): Dependents['health'][number] {
  return { name, url, method: 'GET', headers: {}, statuses: [200], ...(json ? { json } : {}) };
}

const UP = [{ path: '$.status', equals: 'UP' }];

const CASSANDRA: Dependents = {
  feeds: 'CAPSULE and SYNAPSE store in Cassandra',
  detection: health('cassandra-all-nodes-up', 'http://capsule-service:8080/actuator/health/cassandra', [
    ...UP,
    { path: '$.details.nodesUp', equals: 3 },
  ]),
  health: [
    health('capsule-liveness', 'http://capsule-service:8080/actuator/health/liveness'),
    health('synapse-liveness', 'http://synapse-service:8080/actuator/health/liveness'),
  ],
  workload: 'capsule-writes',
};

const POSTGRES: Dependents = {
  feeds: 'PLATO stores its policies in PostgreSQL',
  detection: health('plato-db', 'http://plato-service:8080/actuator/health/db', UP),
  health: [health('plato-liveness', 'http://plato-service:8080/actuator/health/liveness')],
  workload: 'plato-policies',
};

const REDIS: Dependents = {
  feeds: 'NEXUS caches and SYNAPSE dedupes in Redis',
  detection: health('nexus-redis', 'http://nexus-service:8080/actuator/health/redis', UP),
  health: [
    health('nexus-liveness', 'http://nexus-service:8080/actuator/health/liveness'),
    health('synapse-liveness', 'http://synapse-service:8080/actuator/health/liveness'),
  ],
  workload: 'synapse-actions',
};

const CAPSULE: Dependents = {
  feeds: 'ODYSSEY reads CAPSULE',
  // ODYSSEY's orchestrated read answers LIVE only while it reaches CAPSULE.
  detection: {
    name: 'odyssey-orchestrate-live',
    url: 'http://odyssey-core:8080/api/v1/capsule/orchestrate',
    method: 'POST',
    headers: { 'X-Tenant-ID': 'chaos', 'Content-Type': 'application/json' },
    body: { scopeId: 'rim:test:chaos-partition', mode: 'READ' },
    statuses: [200],
    json: [{ path: '$.source', equals: 'LIVE' }],
  },
  health: [
    health('capsule-liveness', 'http://capsule-service:8080/actuator/health/liveness'),
    health('odyssey-liveness', 'http://odyssey-core:8080/actuator/health/liveness'),
  ],
  workload: 'capsule-writes',
};

/** The dependents of each `app` label a user's selector may name. */
export const DEPENDENTS: Readonly<Record<string, Dependents>> = {
  cassandra: CASSANDRA,
  postgres: POSTGRES,
  redis: REDIS,
  capsule: CAPSULE,
};
