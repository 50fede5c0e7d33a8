import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { compileRedisOptions, RedisConnection } from '../../../src/engines/redis/index.ts';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { type SliceCacheKey } from '../../../src/services/nexus/cache/index.ts';

// The Redis engine against the running local tier (127.0.4.1-6:6379): NEXUS's slice cache,
// SYNAPSE's shared rate limit, the `redis` health component, and how each behaves when Redis is
// not there — on clients of their own pointed at a dead address or at a node that stops
// answering, never by touching the shared cluster. Keys and tenants are unique per run.

export const RUN = randomUUID().slice(0, 8);

export const PREFIX = `butterfly:test:${RUN}:`;

/** A loopback address no pod uses: connections are refused at once. */
export const DEAD_NODE = '127.0.4.99:6379';

/** Scheduling slack on top of a timeout when asserting that something answered within it. */
export const SLACK_MS = 250;

export const silentLog = { info() {}, warn() {} };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function connectionTo(nodes?: string, env: Record<string, string> = {}): RedisConnection {
  const config = loadServiceConfig('nexus', {
    BUTTERFLY_PROFILE: 'local',
    ...(nodes ? { BUTTERFLY_REDIS_NODES: nodes } : {}),
    ...env,
  });
  const connection = new RedisConnection(compileRedisOptions(config), systemClock, silentLog);
  connection.connect();
  return connection;
}

/** Deletes the keys matching `pattern` on every master (test keys only); returns them. */
export async function deleteKeys(connection: RedisConnection, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of connection.client.nodes('master')) found.push(...(await node.keys(pattern)));
  for (const key of found) await connection.run('DEL', (client) => client.del(key));
  return found;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

export const sliceKey = (tenant: string, entityId = 'rim:test:redis'): SliceCacheKey => ({
  tenant,
  source: 'capsule',
  entityId,
  variant: '',
});

/** A one-node "cluster" that answers the client's handshake and slot map, then can stop answering data commands. */
export interface SilentRedis {
  port: number;
  silent: boolean;
  close(): Promise<void>;
}

export async function silentRedis(): Promise<SilentRedis> {
  const sockets = new Set<Socket>();
  const fake: SilentRedis = { port: 0, silent: false, close: async () => {} };
  const bulk = (text: string) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  const reply = (args: string[]): string | undefined => {
    const [name = '', sub = ''] = args.map((arg) => arg.toUpperCase());
    if (name === 'HELLO') return '-NOPROTO this fake speaks RESP2 only\r\n';
    if (name === 'CLIENT') return '+OK\r\n';
    if (name === 'PING') return '+PONG\r\n';
    if (name === 'INFO') return bulk('# Persistence\r\nloading:0\r\n');
    if (name === 'CLUSTER' && sub === 'SLOTS')
      return `*1\r\n*3\r\n:0\r\n:16383\r\n*3\r\n${bulk('127.0.0.1')}:${fake.port}\r\n${bulk('f'.repeat(40))}`;
    if (name === 'CLUSTER' && sub === 'INFO')
      return bulk('cluster_state:ok\r\ncluster_known_nodes:1\r\ncluster_size:1\r\n');
    if (fake.silent) return undefined;
    if (name === 'GET') return '$-1\r\n';
    return '+OK\r\n';
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseCommand(buffer);
        if (!parsed) break;
        buffer = buffer.subarray(parsed.length);
        const answer = reply(parsed.args);
        if (answer !== undefined) socket.write(answer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as { port: number }).port;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return fake;
}

/** Parses one RESP array of bulk strings (how clients send commands), or undefined if incomplete. */
export function parseCommand(buffer: Buffer): { args: string[]; length: number } | undefined {
  let offset = 0;
  const line = (): string | undefined => {
    const end = buffer.indexOf('\r\n', offset);
    if (end < 0) return undefined;
    const text = buffer.subarray(offset, end).toString();
    offset = end + 2;
    return text;
  };
  const header = line();
  if (header === undefined || !header.startsWith('*')) return undefined;
  const args: string[] = [];
  for (let i = 0; i < Number(header.slice(1)); i++) {
    const size = line();
    if (size === undefined) return undefined;
    const length = Number(size.slice(1));
    if (buffer.length < offset + length + 2) return undefined;
    args.push(buffer.subarray(offset, offset + length).toString());
    offset += length + 2;
  }
  return { args, length: offset };
}
