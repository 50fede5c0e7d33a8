/**
 * The delay proxy process: this kernel has no netem, so NetworkChaos `delay` steers the fault's
 * connections here (iptables DNAT) and this process forwards them, holding each chunk a pod sends
 * for latency ± jitter. Argv: a JSON config, then the fault's marker (for cleanup). It prints one
 * ready line (its listening ports) and then writes nothing to stdout; its control port answers
 * its counters. It stops by itself at `until`, should its injector and runner both be gone.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { EXIT_CODES } from '../../../../kit/errors/index.ts';
import { latencySampler, releaseAt, type DelaySettings } from './latency.ts';

interface ProxyRoute {
  host: string;
  port: number;
  delayUpstream: boolean;
  delayDownstream: boolean;
}

interface ProxyConfig extends DelaySettings {
  routes: ProxyRoute[];
  until?: number;
}

/** Stop reading a side once this much is waiting out its delay. */
const HIGH_WATER = 4 * 1024 * 1024;

const config = JSON.parse(process.argv[2] ?? '{}') as ProxyConfig;
const sample = latencySampler(config);
const stats = {
  connections: 0,
  delayedChunks: 0,
  passedChunks: 0,
  minDelayMs: Infinity,
  maxDelayMs: 0,
  totalDelayMs: 0,
};

/** Forwards `from` to `to`, each chunk after its delay and in order; ends `to` after the last one. */
function forward(from: Socket, to: Socket, delayed: boolean): void {
  let previousRelease = 0;
  let waiting = 0;
  let pending = 0;
  const flushEnd = (): void => {
    if (pending === 0 && from.readableEnded) to.end();
  };
  from.on('data', (chunk: Buffer) => {
    if (!delayed) {
      stats.passedChunks += 1;
      to.write(chunk);
      return;
    }
    const delay = sample();
    const now = Date.now();
    const release = releaseAt(now, delay, previousRelease);
    previousRelease = release;
    pending += 1;
    waiting += chunk.length;
    if (waiting > HIGH_WATER) from.pause();
    setTimeout(() => {
      pending -= 1;
      waiting -= chunk.length;
      const applied = Date.now() - now;
      stats.delayedChunks += 1;
      stats.minDelayMs = Math.min(stats.minDelayMs, applied);
      stats.maxDelayMs = Math.max(stats.maxDelayMs, applied);
      stats.totalDelayMs += applied;
      if (!to.destroyed) to.write(chunk);
      if (waiting <= HIGH_WATER && from.isPaused()) from.resume();
      flushEnd();
    }, release - now);
  });
  from.on('end', flushEnd);
}

function serve(route: ProxyRoute): Server {
  // Half-open both ways: a side that has finished sending still gets the chunks held for it.
  return createServer({ allowHalfOpen: true }, (client) => {
    stats.connections += 1;
    const upstream = connect({ host: route.host, port: route.port, allowHalfOpen: true });
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    forward(client, upstream, route.delayUpstream);
    forward(upstream, client, route.delayDownstream);
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

const ports = await Promise.all(config.routes.map((route) => listen(serve(route))));
const control = createServer((socket) => {
  socket.end(
    `${JSON.stringify({ ...stats, minDelayMs: Number.isFinite(stats.minDelayMs) ? stats.minDelayMs : null })}\n`,
  );
});
const controlPort = await listen(control);
if (config.until !== undefined) {
  const until = config.until;
  setInterval(() => {
    if (Date.now() >= until) process.exit(EXIT_CODES.OK);
  }, 1000);
}
process.stdout.write(`${JSON.stringify({ ports, control: controlPort })}\n`);
