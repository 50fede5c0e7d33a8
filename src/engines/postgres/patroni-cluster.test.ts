import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../kit/time/index.ts';
import { fetchClusterView, parseClusterView, type FetchJson } from './patroni-cluster.ts';
import { readOrder } from './read-routing.ts';

const MiB = 1024 * 1024;

// Recorded from the local tier (Patroni 3.0.2) after a switchover: postgres-1 leads.
const PATRONI_3_0 = {
  members: [
    {
      name: 'postgres-0',
      role: 'replica',
      state: 'running',
      api_url: 'http://127.0.3.1:8008/patroni',
      host: '127.0.3.1',
      port: 5432,
      timeline: 1,
      lag: 0,
    },
    {
      name: 'postgres-1',
      role: 'leader',
      state: 'running',
      api_url: 'http://127.0.3.2:8008/patroni',
      host: '127.0.3.2',
      port: 5432,
      timeline: 1,
    },
  ],
};

// The shape later Patroni versions answer with: `streaming`, receive/replay lag, a scope.
const PATRONI_3_3 = {
  members: [
    { name: 'postgres-0', role: 'leader', state: 'running', host: '127.0.3.1', port: 5432, timeline: 4 },
    {
      name: 'postgres-1',
      role: 'sync_standby',
      state: 'streaming',
      host: '127.0.3.2',
      port: 5432,
      timeline: 4,
      receive_lag: 0,
      replay_lag: 512,
      lag: 512,
    },
    { name: 'postgres-2', role: 'replica', state: 'streaming', host: '127.0.3.3', port: 5432, lag: 3 * MiB },
    { name: 'postgres-3', role: 'replica', state: 'stopped', host: '127.0.3.4', port: 5432, lag: 'unknown' },
  ],
  scope: 'butterfly-pg',
};

test('a recorded Patroni 3.0 answer: the leader and a readable replica with its lag', () => {
  const view = parseClusterView(PATRONI_3_0, 'http://127.0.3.1:8008', MiB);
  assert.deepEqual(view.leader, { name: 'postgres-1', host: '127.0.3.2', port: 5432 });
  assert.deepEqual(view.replicas, [
    {
      name: 'postgres-0',
      host: '127.0.3.1',
      port: 5432,
      role: 'replica',
      state: 'running',
      lagBytes: 0,
      readable: true,
    },
  ]);
  assert.deepEqual(view.others, []);
  assert.equal(view.source, 'http://127.0.3.1:8008');
});

test('replicas are readable when live and within the lag bound; stopped or unknown-lag ones are not', () => {
  const view = parseClusterView(PATRONI_3_3, 'p', MiB);
  assert.equal(view.leader?.name, 'postgres-0');
  assert.deepEqual(
    view.replicas.map((replica) => [replica.name, replica.state, replica.lagBytes, replica.readable]),
    [
      ['postgres-1', 'streaming', 512, true],
      ['postgres-2', 'streaming', 3 * MiB, false],
      ['postgres-3', 'stopped', null, false],
    ],
  );
});

test('during an election there is no leader; a stopped leader is listed among the others', () => {
  const electing = parseClusterView(
    {
      members: [
        { name: 'postgres-0', role: 'leader', state: 'stopped', host: '127.0.3.1', port: 5432 },
        {
          name: 'postgres-1',
          role: 'replica',
          state: 'running',
          host: '127.0.3.2',
          port: 5432,
          lag: 'unknown',
        },
      ],
    },
    'p',
    MiB,
  );
  assert.equal(electing.leader, null);
  assert.deepEqual(electing.others, [{ name: 'postgres-0', role: 'leader', state: 'stopped' }]);
  assert.equal(electing.replicas[0]?.readable, false);
  // With no readable replica and no leader the lagging live replica is the last resort.
  assert.deepEqual(
    readOrder(electing, false).map((member) => member.name),
    ['postgres-1'],
  );
});

test('two members claiming to lead: the higher timeline wins (the old one has not noticed yet)', () => {
  const view = parseClusterView(
    {
      members: [
        { name: 'postgres-0', role: 'master', state: 'running', host: '127.0.3.1', port: 5432, timeline: 2 },
        { name: 'postgres-1', role: 'leader', state: 'running', host: '127.0.3.2', port: 5432, timeline: 3 },
      ],
    },
    'p',
    MiB,
  );
  assert.equal(view.leader?.name, 'postgres-1');
  assert.deepEqual(view.others, [{ name: 'postgres-0', role: 'master', state: 'running' }]);
});

test('an answer that is not a cluster is refused, naming where it came from', () => {
  assert.throws(
    () => parseClusterView({ members: [{ name: 'x', role: 'leader' }] }, 'http://127.0.3.1:8008', MiB),
    /http:\/\/127\.0\.3\.1:8008\/cluster answer not understood/,
  );
  assert.deepEqual(parseClusterView({}, 'p', MiB).replicas, [], 'no members yet is an empty cluster');
});

test('read order: replicas by lag, then the leader, then lagging replicas; the leader first right after a write', () => {
  const view = parseClusterView(PATRONI_3_3, 'p', MiB);
  assert.deepEqual(
    readOrder(view, false).map((member) => member.name),
    ['postgres-1', 'postgres-0', 'postgres-2'],
  );
  assert.deepEqual(
    readOrder(view, true).map((member) => member.name),
    ['postgres-0', 'postgres-1', 'postgres-2'],
  );
  assert.deepEqual(readOrder(undefined, false), []);
});

const urls = ['http://a:8008', 'http://b:8008/'];

test('fetch: the first answer with a leader wins, whatever the other member does', async () => {
  const asked: string[] = [];
  const fetchJson: FetchJson = (url, signal) => {
    asked.push(url);
    if (url.startsWith('http://a'))
      return new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason as Error)),
      );
    return Promise.resolve(PATRONI_3_0);
  };
  const view = await fetchClusterView({
    patroniUrls: urls,
    timeoutMs: 1000,
    maxLagBytes: MiB,
    clock: systemClock,
    fetchJson,
  });
  assert.deepEqual(asked.sort(), ['http://a:8008/cluster', 'http://b:8008/cluster']);
  assert.equal(view.leader?.name, 'postgres-1');
  assert.equal(view.source, 'http://b:8008');
});

test('fetch: a view without a leader is the answer only when no member knows one', async () => {
  const leaderless = {
    members: [{ name: 'postgres-0', role: 'replica', state: 'running', host: 'h', port: 1, lag: 0 }],
  };
  const fetchJson: FetchJson = async (url) => {
    if (url.startsWith('http://a')) return leaderless;
    throw new Error('connect ECONNREFUSED');
  };
  const view = await fetchClusterView({
    patroniUrls: urls,
    timeoutMs: 1000,
    maxLagBytes: MiB,
    clock: systemClock,
    fetchJson,
  });
  assert.equal(view.leader, null);
  assert.equal(view.source, 'http://a:8008');
});

test('fetch: no member answering rejects with each reason; a hung member is bounded by the timeout', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const fetchJson: FetchJson = (url, signal) =>
    url.startsWith('http://a')
      ? Promise.reject(new Error('answered 503'))
      : new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
  const answer = fetchClusterView({
    patroniUrls: urls,
    timeoutMs: 2000,
    maxLagBytes: MiB,
    clock: systemClock,
    fetchJson,
  });
  const settled = assert.rejects(answer, (error: Error) => {
    assert.match(error.message, /no Patroni member answered/);
    assert.match(error.message, /http:\/\/a:8008: answered 503/);
    assert.match(error.message, /http:\/\/b:8008: no answer within 2000ms/);
    return true;
  });
  await Promise.resolve();
  t.mock.timers.tick(2000);
  await settled;
});
