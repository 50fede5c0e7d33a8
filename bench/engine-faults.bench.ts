// What the degraded modes cost on the real engines, each figure beside a baseline measured in
// the same run on the same local platform: time to the 503 of a write with the Patroni leader
// dead (vs a normal write), kill → promotion and promotion → first successful write (automatic
// failover, then planned switchovers), and the latency Redis adds when it is blackholed (vs
// healthy) for NEXUS slices and SYNAPSE actions. Starts the local platform in its own state dir
// (needs `butterfly setup` and no other local cluster), or uses BENCH_STATE_DIR's running one.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { percentile, summary } from './stats.ts';

const stateDir = process.env.BENCH_STATE_DIR ?? '/tmp/butterfly-bench-local';
process.env.BUTTERFLY_FAULTS_STATE_DIR = stateDir;
const platform = await import('../test/harness/local-platform.ts');
const { BUTTERFLY_BIN, call, exec, killPod, postgresRoles, release, waitFor } = platform;

const WRITES = Number(process.env.BENCH_WRITES ?? 40);
const SWITCHOVERS = Number(process.env.BENCH_SWITCHOVERS ?? 2);
const SLICES = Number(process.env.BENCH_SLICES ?? 60);
const tenant = `bench-${Date.now()}`;

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(58)} ${value}\n`);
}
const fmt = (s: ReturnType<typeof summary>) => `p50 ${s.p50} ms  p95 ${s.p95}  p99 ${s.p99}  (n=${s.n})`;

function butterfly(...args: string[]): void {
  const result = spawnSync(process.execPath, [BUTTERFLY_BIN, ...args, '--state-dir', stateDir], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`butterfly ${args.join(' ')} exited ${result.status}`);
}

const policy = () =>
  call('plato', 'POST', '/api/v1/policies', {
    tenant,
    body: {
      namespace: 'bench',
      name: `p-${Math.random().toString(36).slice(2)}`,
      policyType: 'GOVERNANCE',
      rules: [{ ruleId: 'r', condition: "action.type == 'DELETE'", action: 'DENY' }],
    },
  });

async function writes(n: number, expect: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const answer = await policy();
    if (answer.status === expect) times.push(answer.ms);
  }
  return times;
}

/** Writes every 20 ms until one succeeds; when it did. */
async function firstWriteAfter(): Promise<number> {
  return waitFor(
    'a successful write',
    async () => ((await policy()).status === 201 ? Date.now() : undefined),
    60_000,
    20,
  );
}

async function newLeader(previous: string): Promise<{ leader: string; at: number }> {
  return waitFor(
    'a new Patroni leader',
    async () => {
      const { leader } = await postgresRoles();
      return leader && leader !== previous ? { leader, at: Date.now() } : undefined;
    },
    90_000,
    100,
  );
}

async function streaming(): Promise<void> {
  await waitFor(
    'a streaming replica',
    async () => ((await postgresRoles()).streaming === 1 ? true : undefined),
    180_000,
    1000,
  );
}

async function postgres(): Promise<void> {
  process.stdout.write('\n-- PostgreSQL: Patroni leader killed (kill -9), then planned switchovers\n');
  await streaming();
  const healthy = await writes(WRITES, 201);
  const { leader } = await postgresRoles();
  await killPod(leader!, { hold: true });
  const killedAt = Date.now();
  const refused = await writes(WRITES, 503);
  line('write, healthy (201)', fmt(summary(healthy)));
  line('write, leader dead: time to 503 BFY_ERR_WRITE_UNAVAILABLE', fmt(summary(refused)));
  line(
    '  ratio p99 time-to-503 / p99 healthy write',
    (percentile(refused, 99) / percentile(healthy, 99)).toFixed(2),
  );
  const promoted = await newLeader(leader!);
  const first = await firstWriteAfter();
  line('kill -9 → promotion (Patroni TTL 20 s, loop 2 s)', `${promoted.at - killedAt} ms`);
  const promotionToWrite = [first - promoted.at];
  release(leader!);
  await streaming();
  for (let i = 0; i < SWITCHOVERS; i += 1) {
    const current = (await postgresRoles()).leader!;
    const candidate = current === 'postgres-0' ? 'postgres-1' : 'postgres-0';
    exec(current, 'patronictl', 'switchover', '--leader', current, '--candidate', candidate, '--force');
    const next = await newLeader(current);
    promotionToWrite.push((await firstWriteAfter()) - next.at);
    await streaming();
  }
  line(
    'promotion → first successful write (1 failover + switchovers)',
    `${promotionToWrite.map((ms) => `${ms} ms`).join(', ')}; median ${percentile(promotionToWrite, 50)} ms`,
  );
}

const CHAIN = 'BFYBENCH';
function blackholeRedis(on: boolean): void {
  const run = (...args: string[]) => execFileSync('iptables', ['-w', ...args], { stdio: 'pipe' });
  if (on) {
    run('-N', CHAIN);
    // The services run as root; the Redis nodes' own traffic (replication, cluster bus) stays.
    run(
      '-A',
      CHAIN,
      '-d',
      '127.0.4.0/24',
      '-p',
      'tcp',
      '--dport',
      '6379',
      '-m',
      'owner',
      '--uid-owner',
      '0',
      '-j',
      'DROP',
    );
    run('-I', 'OUTPUT', '-j', CHAIN);
  } else {
    for (const args of [
      ['-D', 'OUTPUT', '-j', CHAIN],
      ['-F', CHAIN],
      ['-X', CHAIN],
    ]) {
      try {
        run(...args);
      } catch {
        // Already gone.
      }
    }
  }
}

async function timed(n: number, request: (i: number) => Promise<{ status: number; ms: number }>) {
  const times: number[] = [];
  const statuses = new Set<number>();
  for (let i = 0; i < n; i += 1) {
    const answer = await request(i);
    statuses.add(answer.status);
    times.push(answer.ms);
  }
  return { times, statuses: [...statuses].join(',') };
}

async function redis(): Promise<void> {
  process.stdout.write('\n-- Redis blackholed for the services (iptables DROP to :6379): added latency\n');
  const slice = (i: number) =>
    call('nexus', 'POST', '/api/v1/temporal/slice', {
      tenant,
      body: { entityId: `rim:bench:redis-${i % 20}`, timeframe: { lookback: 'PT1H', lookahead: 'PT1H' } },
    });
  const action = () =>
    call('synapse', 'POST', '/api/v1/actions', {
      tenant,
      body: { toolId: 'noop.echo', parameters: {}, executionMode: 'DRY_RUN' },
    });
  await timed(20, slice);
  const healthySlices = await timed(SLICES, slice);
  const healthyActions = await timed(SLICES, action);
  blackholeRedis(true);
  try {
    const deadSlices = await timed(SLICES, slice);
    const deadActions = await timed(SLICES, action);
    line(
      'NEXUS slice, Redis healthy',
      `${fmt(summary(healthySlices.times))} status ${healthySlices.statuses}`,
    );
    line(
      'NEXUS slice, Redis blackholed (cache miss on timeout)',
      `${fmt(summary(deadSlices.times))} status ${deadSlices.statuses}`,
    );
    line(
      '  added p50 / p99',
      `${(percentile(deadSlices.times, 50) - percentile(healthySlices.times, 50)).toFixed(1)} ms / ${(percentile(deadSlices.times, 99) - percentile(healthySlices.times, 99)).toFixed(1)} ms`,
    );
    line(
      'SYNAPSE action, Redis healthy',
      `${fmt(summary(healthyActions.times))} status ${healthyActions.statuses}`,
    );
    line(
      'SYNAPSE action, Redis blackholed (local limiter)',
      `${fmt(summary(deadActions.times))} status ${deadActions.statuses}`,
    );
    line(
      '  added p50 / p99',
      `${(percentile(deadActions.times, 50) - percentile(healthyActions.times, 50)).toFixed(1)} ms / ${(percentile(deadActions.times, 99) - percentile(healthyActions.times, 99)).toFixed(1)} ms`,
    );
  } finally {
    blackholeRedis(false);
  }
}

const started = !existsSync(join(stateDir, 'cluster.json'));
if (started) butterfly('up', '--profile', 'local');
try {
  await postgres();
  await redis();
} finally {
  release('postgres-0');
  release('postgres-1');
  blackholeRedis(false);
  if (started) butterfly('down');
}
