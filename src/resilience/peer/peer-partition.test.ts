// A real network partition between two pods' loopback addresses, made with iptables (root):
// the PeerClient times out, its breaker opens and then refuses without touching the network;
// when the rule goes, the probes pass and calls succeed again. Only possible because the client
// connects from its own address (sourceBoundFetch): from 127.0.0.1 the rule would never match.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BreakerRegistry, DEFAULT_BREAKER_OPTIONS } from '../breaker/index.ts';
import { PeerClient } from './peer-client.ts';

const CALLER = '127.0.9.3';
const PEER = '127.0.9.4';
// Our own chain (BFY prefix), unique per process so parallel runs never share it.
const CHAIN = `BFYTEST-${process.pid}`;
const OPEN_MS = 400;
const TIMEOUT_MS = 300;

const iptables = (...args: string[]): void => {
  execFileSync('iptables', ['-w', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
};
const quietly = (...args: string[]): void => {
  try {
    iptables(...args);
  } catch {
    // cleanup of what may not exist
  }
};

let server: Server;
let port: number;
const remoteAddresses: (string | undefined)[] = [];
const paths: (string | undefined)[] = [];

before(async () => {
  assert.equal(process.getuid?.(), 0, 'this test makes an iptables partition: run it as root');
  server = createServer((request, response) => {
    remoteAddresses.push(request.socket.remoteAddress);
    paths.push(request.url);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, PEER, resolve));
  port = (server.address() as { port: number }).port;
  iptables('-N', CHAIN);
  iptables('-I', 'OUTPUT', '-j', CHAIN);
});

after(async () => {
  quietly('-D', 'OUTPUT', '-j', CHAIN);
  quietly('-F', CHAIN);
  quietly('-X', CHAIN);
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

const context = {
  tenant: 'acme',
  correlationId: 'partition-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};

test('a partition opens the breaker; healing lets the probes through and closes it', async () => {
  const breakers = new BreakerRegistry({ ...DEFAULT_BREAKER_OPTIONS, openMs: OPEN_MS });
  const peer = new PeerClient(
    {
      target: 'odyssey',
      baseUrl: `http://${PEER}:${port}`,
      timeoutMs: TIMEOUT_MS,
      sourceAddress: CALLER,
      retry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
    },
    breakers,
  );
  const breaker = breakers.get('odyssey-client');

  assert.equal((await peer.get('/before', context)).status, 200);
  assert.ok(paths.includes('/before'));

  iptables('-A', CHAIN, '-s', CALLER, '-d', PEER, '-p', 'tcp', '-j', 'DROP');
  const reasons: string[] = [];
  while (breaker.state !== 'OPEN' && reasons.length < 10) {
    await peer.get('/during', context).catch((error: Error) => reasons.push(error.message));
  }
  assert.equal(breaker.state, 'OPEN');
  assert.ok(
    reasons.every((reason) => /no answer within 300ms|circuit open/.test(reason)),
    reasons.join('; '),
  );
  assert.match(reasons[0]!, /no answer within 300ms/, 'the first call timed out (and its retry too)');
  assert.ok(reasons.length <= 3, `opened after ${reasons.length} calls of two attempts each`);
  const refusedBefore = breaker.totals().notPermitted;
  await assert.rejects(peer.get('/open', context), /circuit open/);
  assert.equal(breaker.totals().notPermitted, refusedBefore + 1);

  iptables('-F', CHAIN);
  await sleep(OPEN_MS);
  for (let i = 0; i < 3; i += 1) assert.equal((await peer.get('/after', context)).status, 200);
  assert.equal(breaker.state, 'CLOSED');
  assert.deepEqual(
    remoteAddresses.filter((address) => address !== CALLER),
    [],
    'every connection came from the caller pod address',
  );
  assert.equal(paths.filter((path) => path === '/after').length, 3);
});
