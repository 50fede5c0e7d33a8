import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../../src/kit/time/index.ts';
import type { Fault } from '../../../src/chaos/spec/experiment.ts';
import { cleanupLocal } from '../../../src/chaos/local/index.ts';
import { injectLocal } from '../../../src/chaos/kinds/index.ts';
import { probeConnections } from '../../../src/chaos/local/network/connect-probe.ts';
import {
  TEST_ENGINE_UID,
  anySelector,
  assertNothingLeft,
  chaosPod,
  closeServer,
  echoServer,
  roundTrip,
  stateDirFor,
  udpDelivered,
  uidEchoServer,
  writeTestCluster,
  type TestPod,
} from './chaos-local-harness.ts';

const PORT = 18101;
const a: TestPod = { name: 'svc-a', address: '127.0.9.101', port: PORT };
const b: TestPod = { name: 'svc-b', address: '127.0.9.102', port: PORT };
const c: TestPod = { name: 'svc-c', address: '127.0.9.103', port: PORT };
const engine: TestPod = { name: 'engine-0', address: '127.0.9.105', port: PORT, uid: TEST_ENGINE_UID };

const partition = (direction: 'to' | 'from' | 'both'): Fault => ({
  kind: 'NetworkChaos',
  action: 'partition',
  selector: anySelector,
  direction,
});

test('partition both ways between two service pods: each way times out, a third pod gets through, recovery restores it', async (t) => {
  const stateDir = stateDirFor(t);
  const servers = await Promise.all([a, b, c].map((pod) => echoServer(pod.address, pod.port)));
  t.after(() => Promise.all(servers.map(closeServer)));
  t.after(() => cleanupLocal(stateDir));
  writeTestCluster(
    stateDir,
    [a, b, c].map((pod) => ({ ...pod, pid: process.pid })),
  );

  const fault = await injectLocal(partition('both'), [chaosPod(a)], [chaosPod(b)], {
    stateDir,
    clock: systemClock,
  });
  assert.equal(
    await roundTrip({ host: b.address, port: PORT }, { localAddress: a.address, timeoutMs: 1000 }),
    'timeout',
  );
  assert.equal(
    await roundTrip({ host: a.address, port: PORT }, { localAddress: b.address, timeoutMs: 1000 }),
    'timeout',
  );
  assert.equal(
    typeof (await roundTrip({ host: b.address, port: PORT }, { localAddress: c.address, timeoutMs: 1000 })),
    'number',
  );
  const bites = await fault.proveBites();
  assert.ok(bites.ok, bites.detail);
  assert.match(bites.detail, /svc-a → svc-b: before 1 connected of 1, now 1 timed out of 1/);

  await fault.recover();
  const gone = await fault.proveGone();
  assert.ok(gone.ok, gone.detail);
  assert.match(gone.detail, /traffic flows again/);
  assert.equal(
    typeof (await roundTrip({ host: b.address, port: PORT }, { localAddress: a.address, timeoutMs: 1000 })),
    'number',
  );
  await fault.recover();
  await assertNothingLeft(stateDir);
});

test('direction to drops only what the selected pod sends, from only what it receives', async (t) => {
  const stateDir = stateDirFor(t);
  t.after(() => cleanupLocal(stateDir));
  writeTestCluster(stateDir, [a, b]);
  // UDP shows one direction alone; TCP needs both for a connection.
  const to = await injectLocal(partition('to'), [chaosPod(a)], [chaosPod(b)], {
    stateDir,
    clock: systemClock,
  });
  assert.equal(await udpDelivered(a.address, b.address, 18102, 50), 0, 'a → b dropped');
  assert.equal(await udpDelivered(b.address, a.address, 18102, 50), 50, 'b → a delivered');
  await to.recover();

  const from = await injectLocal(partition('from'), [chaosPod(a)], [chaosPod(b)], {
    stateDir,
    clock: systemClock,
  });
  assert.equal(await udpDelivered(a.address, b.address, 18102, 50), 50, 'a → b delivered');
  assert.equal(await udpDelivered(b.address, a.address, 18102, 50), 0, 'b → a dropped');
  await from.recover();
  assert.equal(await udpDelivered(b.address, a.address, 18102, 50), 50, 'healed');
  await assertNothingLeft(stateDir);
});

test("an engine pod's packets are matched by its uid, and answers to its connections by their mark", async (t) => {
  const stateDir = stateDirFor(t);
  const server = await echoServer(b.address, PORT);
  const engineServer = await uidEchoServer(engine.address, PORT, TEST_ENGINE_UID);
  t.after(() => closeServer(server));
  t.after(() => engineServer.kill('SIGKILL'));
  t.after(() => cleanupLocal(stateDir));
  writeTestCluster(stateDir, [
    { ...engine, pid: engineServer.pid! },
    { ...b, pid: process.pid },
  ]);
  const toB = { host: b.address, port: PORT };
  const probe = (source: { uid?: number; address?: string }) =>
    probeConnections(source, toB, { count: 1, timeoutMs: 1000 });

  // `to`: what the engine sends to b is dropped — from 127.0.0.1 under its uid, and its answers from its address.
  const to = await injectLocal(partition('to'), [chaosPod(engine)], [chaosPod(b)], {
    stateDir,
    clock: systemClock,
  });
  assert.equal((await probe({ uid: TEST_ENGINE_UID })).timedOut, 1, 'the engine uid cannot reach b');
  assert.equal((await probe({ address: '127.0.0.1' })).connected, 1, 'root from 127.0.0.1 still can');
  assert.equal(
    await roundTrip({ host: engine.address, port: PORT }, { localAddress: b.address, timeoutMs: 1000 }),
    'timeout',
    'b gets no answer from the engine',
  );
  const toBites = await to.proveBites();
  assert.ok(toBites.ok, toBites.detail);
  await to.recover();
  assert.equal((await probe({ uid: TEST_ENGINE_UID })).connected, 1, 'healed');

  // `from`: what b sends to the engine is dropped, including answers to 127.0.0.1 on the engine's own connections.
  const from = await injectLocal(partition('from'), [chaosPod(engine)], [chaosPod(b)], {
    stateDir,
    clock: systemClock,
  });
  assert.equal((await probe({ uid: TEST_ENGINE_UID })).timedOut, 1, "b's answers to the engine are dropped");
  assert.equal((await probe({ address: '127.0.0.1' })).connected, 1, "b's answers to root are not");
  const fromBites = await from.proveBites();
  assert.ok(fromBites.ok, fromBites.detail);
  await from.recover();
  assert.equal((await probe({ uid: TEST_ENGINE_UID })).connected, 1, 'healed');
  await assertNothingLeft(stateDir);
});
