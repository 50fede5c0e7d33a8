import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../kit/time/testing/index.ts';
import type { PatroniStatus } from './patroni-status.ts';
import { postgresCollector, replicationLagSeconds, type PostgresMember } from './postgres.ts';
import { rolesInMemory } from './role-memory.ts';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const clock = new ManualClock(NOW);
const members: PostgresMember[] = [
  { name: 'postgres-0', patroniUrl: 'http://127.0.3.1:8008' },
  { name: 'postgres-1', patroniUrl: 'http://127.0.3.2:8008' },
];
const primary = (wal = 1000, streaming = ['postgres-1']): PatroniStatus => ({
  state: 'running',
  role: 'primary',
  walLocation: wal,
  streaming,
});
const replica = (received: number, replayed: number, replayedAgoMs = 0): PatroniStatus => ({
  state: 'running',
  role: 'replica',
  receivedLocation: received,
  replayedLocation: replayed,
  replayedAt: NOW - replayedAgoMs,
  streaming: [],
});

/** A collector over fake Patroni answers that the test changes between scrapes. */
function collectorWith(answers: Record<string, PatroniStatus | 'down'>, roles = rolesInMemory()) {
  const collector = postgresCollector({
    members,
    roles,
    clock,
    probe: async (member) => {
      const answer = answers[member.name];
      if (answer === undefined || answer === 'down') throw new Error('ECONNREFUSED');
      return answer;
    },
  });
  return async () => {
    const samples = await collector.collect(new AbortController().signal);
    return {
      up: Object.fromEntries(
        samples
          .filter((s) => s.name === 'pg_up')
          .map((s) => [`${s.labels.instance}/${s.labels.role}`, s.value]),
      ),
      lag: Object.fromEntries(
        samples.filter((s) => s.name === 'pg_replication_lag').map((s) => [s.labels.instance, s.value]),
      ),
      databases: samples.filter((s) => s.name === 'pg_replication_lag').map((s) => s.labels.database),
    };
  };
}

test('a healthy pair: both up with their roles, the replica 0 s behind', async () => {
  const scrape = collectorWith({ 'postgres-0': primary(1000), 'postgres-1': replica(1000, 1000, 3_600_000) });
  const result = await scrape();
  assert.deepEqual(result.up, { 'postgres-0/primary': 1, 'postgres-1/replica': 1 });
  assert.deepEqual(result.lag, { 'postgres-1': 0 });
  assert.deepEqual(result.databases, ['butterfly']);
});

test('a primary that stops answering keeps its role: pg_up{role="primary"} 0, and no lag is reported', async () => {
  const answers: Record<string, PatroniStatus | 'down'> = {
    'postgres-0': primary(1000),
    'postgres-1': replica(1000, 1000),
  };
  const scrape = collectorWith(answers);
  await scrape();
  answers['postgres-0'] = 'down';
  const result = await scrape();
  assert.deepEqual(result.up, { 'postgres-0/primary': 0, 'postgres-1/replica': 1 });
  assert.deepEqual(result.lag, {});
});

test('after a failover the new primary carries the role and the old one rejoins as a replica', async () => {
  const answers: Record<string, PatroniStatus | 'down'> = {
    'postgres-0': primary(1000),
    'postgres-1': replica(1000, 1000),
  };
  const scrape = collectorWith(answers);
  await scrape();
  answers['postgres-0'] = 'down';
  answers['postgres-1'] = primary(2000, []);
  assert.deepEqual((await scrape()).up, { 'postgres-0/primary': 0, 'postgres-1/primary': 1 });
  answers['postgres-0'] = replica(2000, 2000);
  answers['postgres-1'] = primary(2000, ['postgres-0']);
  const result = await scrape();
  assert.deepEqual(result.up, { 'postgres-0/replica': 1, 'postgres-1/primary': 1 });
  assert.deepEqual(result.lag, { 'postgres-0': 0 });
});

test('a member never seen is role unknown; one whose PostgreSQL is not running is down', async () => {
  const scrape = collectorWith({
    'postgres-0': 'down',
    'postgres-1': { state: 'starting', role: 'replica', streaming: [] },
  });
  assert.deepEqual((await scrape()).up, { 'postgres-0/unknown': 0, 'postgres-1/replica': 0 });
});

test('lag: caught up, streaming and replayed all received, stuck, and no replay time', () => {
  assert.equal(replicationLagSeconds('postgres-1', replica(900, 1000, 60_000), primary(1000), NOW), 0);
  assert.equal(replicationLagSeconds('postgres-1', replica(990, 990, 60_000), primary(1000), NOW), 0);
  assert.equal(
    replicationLagSeconds('postgres-1', replica(990, 990, 45_000), primary(1000, []), NOW),
    45,
    'not streaming: the age of the last replayed transaction',
  );
  assert.equal(
    replicationLagSeconds('postgres-1', replica(1000, 990, 12_500), primary(1000), NOW),
    12.5,
    'streaming but replay behind what it received',
  );
  const noTime: PatroniStatus = { state: 'running', role: 'replica', replayedLocation: 5, streaming: [] };
  assert.equal(replicationLagSeconds('postgres-1', noTime, primary(1000, []), NOW), undefined);
});
