import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATRONI_STATUS_BODY, parsePatroniBody } from './patroni-status.ts';

// Answers of Patroni 3.0.2 on the local profile, verbatim but for the long fields.
const LEADER = {
  state: 'running',
  role: 'master',
  server_version: 150018,
  xlog: { location: 63297928 },
  timeline: 1,
  replication: [
    {
      usename: 'replicator',
      application_name: 'postgres-1',
      client_addr: '127.0.0.1',
      state: 'streaming',
      sync_state: 'async',
      sync_priority: 0,
    },
  ],
};
const REPLICA = {
  state: 'running',
  role: 'replica',
  server_version: 150018,
  xlog: {
    received_location: 63297928,
    replayed_location: 63297928,
    replayed_timestamp: '2026-11-28 19:17:14.848966+00:00',
    paused: false,
  },
  timeline: 1,
};

test("a leader's answer: primary (Patroni 3.0 says master), its WAL position and streaming replicas", () => {
  const status = parsePatroniBody(PATRONI_STATUS_BODY.parse(LEADER));
  assert.equal(status.role, 'primary');
  assert.equal(status.state, 'running');
  assert.equal(status.walLocation, 63297928);
  assert.deepEqual(status.streaming, ['postgres-1']);
});

test("a replica's answer: received and replayed positions and the replay time from Python's format", () => {
  const status = parsePatroniBody(PATRONI_STATUS_BODY.parse(REPLICA));
  assert.equal(status.role, 'replica');
  assert.equal(status.receivedLocation, 63297928);
  assert.equal(status.replayedLocation, 63297928);
  assert.equal(status.replayedAt, Date.parse('2026-11-28T19:17:14.848Z'));
  assert.deepEqual(status.streaming, []);
});

test('newer role names and a member without a role', () => {
  assert.equal(parsePatroniBody({ state: 'running', role: 'primary' }).role, 'primary');
  assert.equal(parsePatroniBody({ state: 'running', role: 'sync_standby' }).role, 'replica');
  assert.equal(parsePatroniBody({ state: 'stopped' }).role, 'unknown');
  assert.equal(parsePatroniBody({ state: 'starting', role: 'uninitialized' }).role, 'unknown');
});

test('a streaming peer counts only when its state is streaming', () => {
  const status = parsePatroniBody(
    PATRONI_STATUS_BODY.parse({
      ...LEADER,
      replication: [{ application_name: 'postgres-1', state: 'catchup' }],
    }),
  );
  assert.deepEqual(status.streaming, []);
});
