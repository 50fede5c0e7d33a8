import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { systemClock } from '../../../src/kit/time/index.ts';
import type { Fault } from '../../../src/chaos/spec/experiment.ts';
import { cleanupLocal } from '../../../src/chaos/local/index.ts';
import { injectLocal } from '../../../src/chaos/kinds/index.ts';
import {
  TEST_ENGINE_UID,
  anySelector,
  assertNothingLeft,
  chaosPod,
  closeServer,
  echoServer,
  stateDirFor,
  udpDelivered,
  writeTestCluster,
  type TestPod,
} from './chaos-local-harness.ts';

const PORT = 18111;
const a: TestPod = { name: 'svc-a', address: '127.0.9.111', port: PORT };
const b: TestPod = { name: 'svc-b', address: '127.0.9.112', port: PORT };
const engine: TestPod = { name: 'engine-0', address: '127.0.9.113', port: PORT, uid: TEST_ENGINE_UID };

const loss = (percent: number): Fault => ({
  kind: 'NetworkChaos',
  action: 'loss',
  selector: anySelector,
  direction: 'to',
  loss: { percent, correlation: 0 },
});

// 2000 datagrams at p = 0.3: the delivered share has a standard deviation of about 0.01, so
// ±0.06 fails a correct rule about once in a billion runs and catches a doubled chance (0.51).
const COUNT = 2000;

test('loss drops about the given share of the packets, and nothing once recovered', async (t) => {
  const stateDir = stateDirFor(t);
  const servers = await Promise.all([a, b].map((pod) => echoServer(pod.address, pod.port)));
  t.after(() => Promise.all(servers.map(closeServer)));
  t.after(() => cleanupLocal(stateDir));
  writeTestCluster(
    stateDir,
    [a, b].map((pod) => ({ ...pod, pid: process.pid })),
  );

  const fault = await injectLocal(loss(30), [chaosPod(a)], [chaosPod(b)], { stateDir, clock: systemClock });
  const delivered = (await udpDelivered(a.address, b.address, 18112, COUNT)) / COUNT;
  assert.ok(Math.abs(delivered - 0.7) < 0.06, `delivered ${delivered}, expected about 0.7`);
  assert.equal(await udpDelivered(b.address, a.address, 18112, 200), 200, 'the other direction is untouched');
  const bites = await fault.proveBites();
  assert.ok(bites.ok, bites.detail);
  assert.match(bites.detail, /the loss rules dropped [1-9]\d* packets/);

  await fault.recover();
  const gone = await fault.proveGone();
  assert.ok(gone.ok, gone.detail);
  assert.equal(await udpDelivered(a.address, b.address, 18112, 200), 200);
  await assertNothingLeft(stateDir);
});

const UID_SENDER = `
const dgram = require('node:dgram');
const [from, to, port, count] = process.argv.slice(1);
const s = dgram.createSocket('udp4');
s.bind(0, from, async () => {
  for (let n = 0; n < Number(count); n++) {
    await new Promise((r) => s.send('x', Number(port), to, r));
    // Paced, so a loaded receiver drains its buffer: only the fault may drop datagrams.
    if (n % 50 === 49) await new Promise((r) => setTimeout(r, 2));
  }
  s.close();
});
`;

test('a packet matched both by its address and by its uid gets one chance of loss, not two', async (t) => {
  const stateDir = stateDirFor(t);
  t.after(() => cleanupLocal(stateDir));
  writeTestCluster(stateDir, [engine, b]);
  const fault = await injectLocal(loss(30), [chaosPod(engine)], [chaosPod(b)], {
    stateDir,
    clock: systemClock,
  });

  const receiver = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  let received = 0;
  receiver.on('message', () => (received += 1));
  await new Promise<void>((resolve) => receiver.bind(18113, b.address, resolve));
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      ['-e', UID_SENDER, engine.address, b.address, '18113', String(COUNT)],
      { uid: TEST_ENGINE_UID, gid: TEST_ENGINE_UID, cwd: '/' },
      (error) => (error ? reject(new Error(error.message)) : resolve()),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  receiver.close();
  const delivered = received / COUNT;
  assert.ok(
    Math.abs(delivered - 0.7) < 0.06,
    `delivered ${delivered}, expected about 0.7 (0.49 would be two chances)`,
  );
  await fault.recover();
  await assertNothingLeft(stateDir);
});
