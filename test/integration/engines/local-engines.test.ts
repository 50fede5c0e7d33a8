// The local profile's real engines, started once: Cassandra ×3, Patroni PostgreSQL ×2 on etcd,
// Redis Cluster ×6. Needs root and `butterfly setup`; without them this test fails, it never skips.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../../src/kit/time/index.ts';
import { types } from 'cassandra-driver';
import {
  parseClusterNodes,
  parseInfo,
  psql,
  psqlQuery,
  redisCli,
  runTool,
  withNodeSession,
} from '../../../src/cluster/engines/index.ts';
import {
  enginePods,
  engineProcesses,
  liveRoles,
  startLocalEngines,
  type LocalEngines,
} from '../../../src/cluster/local/index.ts';
import { missingForLocalProfile } from '../../../src/cluster/setup/index.ts';

const EXEC = fileURLToPath(new URL('../../../src/cli/exec.ts', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-engines-'));
let engines: LocalEngines | undefined;
const progress: string[] = [];

/** `butterfly exec <pod> -- <tool> args…`, through the command's own code, in a child process. */
function exec(pod: string, ...tool: string[]) {
  const script = `import { execCommand } from ${JSON.stringify(EXEC)};
process.exitCode = await execCommand.run({ values: { 'state-dir': ${JSON.stringify(stateDir)} }, positionals: ${JSON.stringify([pod, ...tool])} });`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`${what} within ${timeoutMs}ms`);
}

before(async () => {
  const missing = missingForLocalProfile();
  if (missing.length > 0)
    throw new Error(
      `the local engines are not installed; run 'butterfly setup' (as root). Missing: ${missing.join('; ')}`,
    );
  engines = await startLocalEngines({
    stateDir,
    clock: systemClock,
    timeoutMs: 240_000,
    onProgress: (event) =>
      progress.push(
        `${(event.elapsedMs / 1000).toFixed(1)}s ${event.kind} ${'engine' in event ? event.engine : ''}`,
      ),
  });
});

after(async () => {
  await engines?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

test('engines come up really ready, within the budget', () => {
  assert.ok(engines, 'engines started');
  process.stdout.write(
    `# engines ready: ${JSON.stringify(engines.readyAfterMs)}\n# ${progress.join('\n# ')}\n`,
  );
  assert.ok(engines.readyAfterMs.total < 240_000);
  const rssMb = new Map<string, number>();
  for (const { pid, pod } of engineProcesses()) {
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const engine = pod.replace(/-\d+$/, '');
    rssMb.set(engine, (rssMb.get(engine) ?? 0) + kb / 1024);
  }
  process.stdout.write(
    `# RSS MB: ${JSON.stringify(Object.fromEntries([...rssMb].map(([engine, mb]) => [engine, Math.round(mb)])))}\n`,
  );
});

test('Cassandra: nodetool status shows 3 UN, keyspace butterfly has RF 3', () => {
  const status = exec('cassandra-0', 'nodetool', 'status');
  assert.equal(status.code, 0, status.stderr);
  assert.equal(status.stdout.match(/^UN\s+127\.0\.2\.\d/gm)?.length, 3, status.stdout);
  const keyspace = exec(
    'cassandra-2',
    'cqlsh',
    '-e',
    "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'butterfly'",
  );
  assert.equal(keyspace.code, 0, keyspace.stderr);
  assert.match(keyspace.stdout, /SimpleStrategy/);
  assert.match(keyspace.stdout, /'replication_factor': '3'/);
  assert.match(keyspace.stdout, /\(1 rows\)/);
});

test('PostgreSQL: a Patroni leader and a streaming replica, and the service databases', async () => {
  const list = exec('postgres-0', 'patronictl', 'list');
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /\| Leader\s+\| running/);
  assert.match(list.stdout, /\| Replica\s+\| (running|streaming)/);
  const leaderName = /\| (postgres-\d)\s+\| [\d.]+\s+\| Leader/.exec(list.stdout)?.[1];
  const leader = enginePods('postgres').find((pod) => pod.name === leaderName)!;
  assert.ok(leader, list.stdout);
  const replication = exec(
    leader.name,
    'psql',
    '-At',
    '-c',
    'SELECT application_name, state FROM pg_stat_replication',
  );
  assert.equal(replication.code, 0, replication.stderr);
  assert.match(replication.stdout, /^postgres-\d\|streaming$/m);
  const databases = await runTool(
    psqlQuery(leader, engines!.context, 'SELECT datname FROM pg_database ORDER BY 1'),
  );
  for (const name of ['odyssey', 'perception', 'plato'])
    assert.match(databases.stdout, new RegExp(`^${name}$`, 'm'));
  const failing = exec(leader.name, 'psql', '-c', 'SELECT no_such_column');
  assert.equal(failing.code, 1, 'the tool exit code is passed through');
});

test('Redis: cluster_state:ok with 3 masters and 3 connected replicas', async () => {
  const info = exec('redis-0', 'redis-cli', 'cluster', 'info');
  assert.equal(info.code, 0, info.stderr);
  assert.equal(parseInfo(info.stdout).cluster_state, 'ok');
  const nodes = parseClusterNodes(
    (await runTool(redisCli(enginePods('redis')[0]!, engines!.context, ['cluster', 'nodes']))).stdout,
  );
  assert.equal(nodes.filter((node) => node.role === 'master').length, 3);
  const replicas = nodes.filter((node) => node.role === 'replica');
  assert.equal(replicas.length, 3);
  for (const replica of replicas) assert.equal(replica.linkState, 'connected');
});

test('live roles: Patroni names one leader and one replica, the Redis cluster three masters and three replicas', async () => {
  const roles = await liveRoles(engines!.context);
  assert.deepEqual([roles.get('postgres-0'), roles.get('postgres-1')].sort(), ['leader', 'replica']);
  const redis = enginePods('redis').map((pod) => roles.get(pod.name));
  assert.equal(redis.filter((role) => role === 'master').length, 3);
  assert.equal(redis.filter((role) => role === 'replica').length, 3);
});

test('unknown pods and tools are usage errors that list the choices', () => {
  const pod = exec('redis-9', 'redis-cli', 'ping');
  assert.notEqual(pod.code, 0);
  assert.match(pod.stderr + pod.stdout, /redis-5/);
  const tool = exec('redis-0', 'nodetool', 'status');
  assert.match(tool.stderr + tool.stdout, /redis-cli/);
});

test('a redis replica killed with SIGKILL is restarted by the supervisor and relinks', async () => {
  const redis = enginePods('redis');
  const nodes = parseClusterNodes(
    (await runTool(redisCli(redis[0]!, engines!.context, ['cluster', 'nodes']))).stdout,
  );
  const replica = redis.find((pod) =>
    nodes.some((node) => node.role === 'replica' && node.address === `${pod.address}:6379`),
  )!;
  const before = engines!.supervisor.status().find((status) => status.id === replica.name)!;
  process.kill(before.pid!, 'SIGKILL');
  await eventually(
    () => {
      const now = engines!.supervisor.status().find((status) => status.id === replica.name)!;
      return (
        now.state === 'running' &&
        now.restarts === before.restarts + 1 &&
        now.pid !== before.pid &&
        alive(now.pid!)
      );
    },
    15_000,
    `${replica.name} restarted`,
  );
  await eventually(
    async () =>
      parseInfo((await runTool(redisCli(replica, engines!.context, ['info', 'replication']))).stdout)
        .master_link_status === 'up',
    30_000,
    `${replica.name} linked to its master again`,
  );
});

/** Stops the engines and checks, by PID, that none of their processes is left. */
async function stopAndCheck(): Promise<void> {
  const pids = [
    ...new Set([
      ...engineProcesses().map((proc) => proc.pid),
      ...engines!.supervisor.status().map((status) => status.pid!),
    ]),
  ];
  assert.ok(pids.length >= 12, `engine processes found: ${pids.length}`);
  const started = Date.now();
  await engines!.stop();
  process.stdout.write(`# stopped in ${Date.now() - started}ms\n`);
  engines = undefined;
  assert.deepEqual(pids.filter(alive), []);
  assert.deepEqual(
    engineProcesses().map((proc) => proc.pid),
    [],
  );
}

const KEPT = `kept-${process.pid}`;

async function leaderPod() {
  const roles = await liveRoles(engines!.context);
  return enginePods('postgres').find((pod) => roles.get(pod.name) === 'leader')!;
}

test('data is written to each engine before the stop', async () => {
  await withNodeSession(enginePods('cassandra')[0]!, async (client) => {
    await client.execute(
      'CREATE TABLE IF NOT EXISTS butterfly.restart_probe (id text PRIMARY KEY, value text)',
    );
    await client.execute("INSERT INTO butterfly.restart_probe (id, value) VALUES ('probe', ?)", [KEPT], {
      consistency: types.consistencies.all,
    });
  });
  const sql = `CREATE TABLE IF NOT EXISTS restart_probe (value text); INSERT INTO restart_probe VALUES ('${KEPT}')`;
  const insert = await runTool(
    psql(await leaderPod(), engines!.context, ['-X', '-v', 'ON_ERROR_STOP=1', '-d', 'perception', '-c', sql]),
  );
  assert.equal(insert.code, 0, insert.stderr);
  const set = await runTool(
    redisCli(enginePods('redis')[0]!, engines!.context, ['-c', 'SET', 'restart:probe', KEPT]),
  );
  assert.match(set.stdout, /OK/);
});

test('stopping leaves no engine process behind', stopAndCheck);

test('starting again over the same state folder keeps the data and does not re-create the Redis cluster', async () => {
  const events: string[] = [];
  engines = await startLocalEngines({
    stateDir,
    clock: systemClock,
    timeoutMs: 180_000,
    onProgress: (event) => events.push(event.kind),
  });
  process.stdout.write(`# restarted, ready: ${JSON.stringify(engines.readyAfterMs)}\n`);
  assert.ok(!events.includes('step'), 'no second cluster create');
  const row = await withNodeSession(enginePods('cassandra')[2]!, (client) =>
    client.execute("SELECT value FROM butterfly.restart_probe WHERE id = 'probe'", [], {
      consistency: types.consistencies.all,
    }),
  );
  assert.equal(row.first()?.get('value'), KEPT);
  const select = await runTool(
    psql(await leaderPod(), engines.context, [
      '-X',
      '-A',
      '-t',
      '-d',
      'perception',
      '-c',
      'SELECT value FROM restart_probe',
    ]),
  );
  assert.equal(select.stdout.trim(), KEPT, select.stderr);
  const get = await runTool(
    redisCli(enginePods('redis')[0]!, engines.context, ['-c', 'GET', 'restart:probe']),
  );
  assert.equal(get.stdout.trim(), KEPT);
  await stopAndCheck();
});
