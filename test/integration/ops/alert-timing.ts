// Issue 18's closing figures: for every alert of monitoring/alerts/butterfly.rules.yml, how long
// from a real fault on the local platform until the alert's condition holds (its `expr`, as
// `butterfly status --json` evaluates it on what it observes; Prometheus fires one `for` later).
// A measurement, not a test: run by hand, under the engine lock, as root after `butterfly setup`:
//   flock /tmp/butterfly-engines.lock node test/integration/ops/alert-timing.ts [out.json]
// It starts its own platform (state dir /tmp/bfy-alert-timing), causes each fault, polls status
// back to back from the fault on, heals, waits for status to exit 0, and stops the platform.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import type { StatusReport } from '../../../src/ops/status/index.ts';

const STATE_DIR = '/tmp/bfy-alert-timing';
// The harness reads its state dir when it is loaded: set it first, then import.
process.env.BUTTERFLY_FAULTS_STATE_DIR = STATE_DIR;
const harness = await import('../../harness/local-platform.ts');
const { BUTTERFLY_BIN, CapsuleWorkload, exec, heal, killPod, liveRoles, partition, release } = harness;

interface Fault {
  name: string;
  /** The alerts this fault should make hold. */
  expect: string[];
  /** How long to watch for them. */
  windowMs: number;
  inject: () => Promise<void>;
  undo: () => Promise<void>;
}

function butterfly(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUTTERFLY_BIN, ...args, '--state-dir', STATE_DIR], {
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stdout }));
  });
}

async function status(): Promise<{ code: number | null; report: StatusReport | undefined }> {
  const run = await butterfly(['status', '--json']);
  return { code: run.code, report: run.stdout.trim() ? (JSON.parse(run.stdout) as StatusReport) : undefined };
}

async function healthy(withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while ((await status()).code !== 0) {
    if (Date.now() > deadline) throw new Error(`status not healthy within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Polls status from `faultAt` on; the first moment (ms after the fault) each alert was listed. */
async function watch(fault: Fault, faultAt: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  while (Date.now() - faultAt < fault.windowMs && !fault.expect.every((alert) => seen.has(alert))) {
    const { report } = await status();
    const at = Date.now() - faultAt;
    for (const alert of report?.alerts ?? []) if (!seen.has(alert.alert)) seen.set(alert.alert, at);
  }
  return seen;
}

async function postgresLeader(): Promise<{ leader: string; replica: string }> {
  const roles = await liveRoles();
  const leader = ['postgres-0', 'postgres-1'].find((pod) => roles.get(pod) === 'leader')!;
  return { leader, replica: leader === 'postgres-0' ? 'postgres-1' : 'postgres-0' };
}

const psql = (pod: string, sql: string) => exec(pod, 'psql', '-At', '-c', sql);
const workload = new CapsuleWorkload('rim:test:alert-timing', 'alert-timing');
let heldLeader = '';
let lagPods = { leader: '', replica: '' };

const faults: Fault[] = [
  {
    name: 'cassandra-2 killed -9 and held down',
    expect: ['CassandraNodeDown'],
    windowMs: 90_000,
    inject: () => killPod('cassandra-2', { hold: true }),
    undo: async () => release('cassandra-2'),
  },
  {
    name: 'the Patroni leader killed -9 and held down',
    expect: ['PostgresPrimaryUnavailable'],
    windowMs: 60_000,
    inject: async () => {
      heldLeader = (await postgresLeader()).leader;
      await killPod(heldLeader, { hold: true });
    },
    undo: async () => release(heldLeader),
  },
  {
    name: 'WAL replay paused on the replica, writes on the leader',
    expect: ['PostgresReplicationLag'],
    windowMs: 120_000,
    inject: async () => {
      lagPods = await postgresLeader();
      // The replica's last replayed commit is the fault's moment; the next one it does not replay.
      psql(lagPods.leader, 'CREATE TABLE IF NOT EXISTS alert_timing (at timestamptz)');
      psql(lagPods.replica, 'SELECT pg_wal_replay_pause()');
      psql(lagPods.leader, 'INSERT INTO alert_timing VALUES (now())');
    },
    undo: async () => {
      psql(lagPods.replica, 'SELECT pg_wal_replay_resume()');
      psql(lagPods.leader, 'DROP TABLE alert_timing');
    },
  },
  {
    name: 'a Redis master killed -9 and held down',
    expect: ['RedisClusterDegraded'],
    windowMs: 90_000,
    inject: async () => {
      const roles = await liveRoles();
      heldRedis = [...roles].find(([pod, role]) => pod.startsWith('redis-') && role === 'master')![0];
      await killPod(heldRedis, { hold: true });
    },
    undo: async () => release(heldRedis),
  },
  {
    name: 'capsule ↔ odyssey partitioned by iptables, capsule writes going on',
    expect: ['CrossServicePartition', 'CircuitBreakerOpen'],
    windowMs: 90_000,
    inject: async () => {
      partition(harness.serviceAddress('capsule'), harness.serviceAddress('odyssey'));
      workload.start();
    },
    undo: async () => {
      await workload.stop();
      heal();
    },
  },
  {
    name: 'nexus-service killed and held down',
    expect: ['ServiceUnreachable', 'ServiceScrapeDown'],
    windowMs: 90_000,
    inject: () => killPod('nexus-service', { hold: true }),
    undo: async () => release('nexus-service'),
  },
  {
    name: 'butterfly-exporter killed and held down',
    expect: ['ButterflyExporterDown'],
    windowMs: 90_000,
    inject: () => killPod('butterfly-exporter', { hold: true }),
    undo: async () => release('butterfly-exporter'),
  },
];
let heldRedis = '';

function up(): void {
  rmSync(STATE_DIR, { recursive: true, force: true });
  const result = spawnSync(
    process.execPath,
    [BUTTERFLY_BIN, 'up', '--profile', 'local', '--state-dir', STATE_DIR],
    {
      stdio: 'inherit',
      timeout: 600_000,
    },
  );
  if (result.status !== 0) throw new Error(`butterfly up exited ${result.status}`);
}

async function main(): Promise<void> {
  const rows: { fault: string; alert: string; conditionMs: number | null }[] = [];
  up();
  try {
    for (const fault of faults) {
      await healthy(180_000);
      await fault.inject();
      const seen = await watch(fault, Date.now());
      await fault.undo();
      for (const alert of new Set([...fault.expect, ...seen.keys()]))
        rows.push({ fault: fault.name, alert, conditionMs: seen.get(alert) ?? null });
      console.log(JSON.stringify(rows.filter((row) => row.fault === fault.name)));
    }
    await healthy(180_000);
  } finally {
    heal();
    harness.release('cassandra-2');
    spawnSync(process.execPath, [BUTTERFLY_BIN, 'down', '--state-dir', STATE_DIR], { stdio: 'inherit' });
    rmSync(STATE_DIR, { recursive: true, force: true });
  }
  writeFileSync(process.argv[2] ?? '/tmp/bfy-alert-timing.json', JSON.stringify(rows, null, 2));
}

await main();
