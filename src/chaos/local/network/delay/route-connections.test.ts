import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DelayRoute } from './delay-routes.ts';
import { parseSockets, steeredBy } from './route-connections.ts';

const LISTING = [
  'ESTAB 0      0      127.0.0.1:54330  127.0.1.2:8080  timer:(keepalive,116min,0) uid:2140 ino:449169 sk:110e cgroup:/ <->',
  'ESTAB 0      0      127.0.0.1:55456  127.0.1.2:8080  ino:449676 sk:1111 cgroup:/ <->',
  'ESTAB 0      0      127.0.4.1:41000  127.0.1.2:8080  ino:449677 sk:1112 cgroup:/ <->',
  'ESTAB 0      0      [::ffff:127.0.0.1]:41234 [::ffff:127.0.1.2]:8080 uid:1000 ino:1 sk:1 <->',
  '',
].join('\n');

const fromRedis0 = (sources: DelayRoute['sources']): DelayRoute => ({
  destination: { pod: 'capsule-service', address: '127.0.1.2', port: 8080 },
  sources,
  delayUpstream: true,
  delayDownstream: false,
});

test('ss -e output gives each socket its local end and owner, root when no uid is printed', () => {
  assert.deepEqual(parseSockets(LISTING), [
    { localAddress: '127.0.0.1', localPort: 54330, uid: 2140 },
    { localAddress: '127.0.0.1', localPort: 55456, uid: 0 },
    { localAddress: '127.0.4.1', localPort: 41000, uid: 0 },
    { localAddress: '127.0.0.1', localPort: 41234, uid: 1000 },
  ]);
});

test("an engine pod's route steers its uid's sockets and its address's, never a root client's from 127.0.0.1", () => {
  const route = fromRedis0([{ name: 'redis-0', address: '127.0.4.1', uid: 2140 }]);
  const steered = parseSockets(LISTING).filter((socket) => steeredBy(route, socket));
  assert.deepEqual(
    steered.map((socket) => socket.localPort),
    [54330, 41000],
  );
});

test("a service pod's route steers what leaves its address; a route from anything steers everything", () => {
  const fromService = fromRedis0([{ name: 'odyssey-core', address: '127.0.0.1' }]);
  assert.deepEqual(
    parseSockets(LISTING)
      .filter((socket) => steeredBy(fromService, socket))
      .map((socket) => socket.localPort),
    [54330, 55456, 41234],
  );
  assert.equal(parseSockets(LISTING).filter((socket) => steeredBy(fromRedis0('any'), socket)).length, 4);
});
