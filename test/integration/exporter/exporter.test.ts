// The exporter against the real engine tier: every engine up, then a Cassandra node killed
// and held down, then the Patroni leader killed, then a Redis master — each time the metric and the matching
// alert's expression (evaluated by promtool on the scraped series) say so. The six services
// are stood in for by plain health endpoints on their pod addresses, so the connectivity
// matrix and an iptables partition between two pod addresses are real too.
//
// Run: flock /tmp/butterfly-engines.lock node --test test/integration/exporter/exporter.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdPod, releaseAll } from '../../../src/cluster/index.ts';
import {
  engineProcesses,
  localTopology,
  startLocalEngines,
  type LocalEngines,
} from '../../../src/cluster/local/index.ts';
import { localCollectors, startExporterServer, type ExporterServer } from '../../../src/exporter/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { alertExpression, expectExpression, parseExposition, type ScrapedSample } from './promtool-eval.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'bfy-exporter-engines-'));
const CHAIN = 'BFY-EXPORTER-TEST';
let engines: LocalEngines | undefined;
let exporter: ExporterServer | undefined;
const standIns: Server[] = [];

async function scrape(): Promise<ScrapedSample[]> {
  const response = await fetch(`${exporter!.url}/metrics`);
  assert.equal(response.status, 200);
  return parseExposition(await response.text());
}

const value = (samples: ScrapedSample[], name: string, labels: Record<string, string>) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

/** Scrapes until `done` holds, at most `timeoutMs`; returns the last scrape. */
async function scrapeUntil(
  done: (samples: ScrapedSample[]) => boolean,
  timeoutMs: number,
): Promise<ScrapedSample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const samples = await scrape();
    if (done(samples) || Date.now() > deadline) return samples;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function killPod(name: string): void {
  const pid = engines!.supervisor.status().find((pod) => pod.id === name)?.pid;
  assert.ok(pid, `${name} has a pid`);
  holdPod(stateDir, name, 'exporter test: held down');
  process.kill(-pid, 'SIGKILL');
  // Patroni starts PostgreSQL in a session of its own: the pod's uid finds what the group missed.
  for (const leftover of engineProcesses().filter((candidate) => candidate.pod === name)) {
    try {
      process.kill(leftover.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function iptables(...args: string[]): void {
  execFileSync('iptables', ['-w', ...args], { stdio: 'pipe' });
}

before(
  async () => {
    engines = await startLocalEngines({ stateDir, clock: systemClock });
    // Stand-ins for the six services: a health endpoint on each pod address.
    for (const pod of localTopology().pods.filter((candidate) => candidate.service)) {
      const server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status":"UP"}');
      });
      await new Promise<void>((resolve) => server.listen(pod.ports.http, pod.address, resolve));
      standIns.push(server);
    }
    exporter = await startExporterServer({
      host: '127.0.0.1',
      port: 0,
      clock: systemClock,
      collectors: localCollectors({ clock: systemClock, stateDir }),
    });
  },
  { timeout: 360_000 },
);

after(
  async () => {
    try {
      iptables('-D', 'OUTPUT', '-j', CHAIN);
    } catch {
      // never added
    }
    try {
      iptables('-F', CHAIN);
      iptables('-X', CHAIN);
    } catch {
      // never created
    }
    await exporter?.close();
    for (const server of standIns) {
      server.closeAllConnections();
      server.close();
    }
    releaseAll(stateDir);
    await engines?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  },
  { timeout: 120_000 },
);

test('every engine up: nodes, primary and replica, cluster ok, all 30 pairs reachable; within 2 s', async () => {
  const started = Date.now();
  const samples = await scrape();
  assert.ok(Date.now() - started < 2000, `a scrape took ${Date.now() - started} ms`);
  for (const node of ['cassandra-0', 'cassandra-1', 'cassandra-2']) {
    assert.equal(value(samples, 'cassandra_node_status', { node, status: 'up' }), 1, node);
    assert.equal(value(samples, 'cassandra_node_status', { node, status: 'down' }), 0, node);
  }
  const pg = samples.filter((s) => s.name === 'pg_up');
  assert.deepEqual(pg.map((s) => `${s.labels.role}=${s.value}`).sort(), ['primary=1', 'replica=1']);
  const lag = samples.filter((s) => s.name === 'pg_replication_lag');
  assert.equal(lag.length, 1);
  assert.ok(lag[0]!.value < 5, `replica lag ${lag[0]!.value}s`);
  assert.equal(value(samples, 'redis_cluster_state', { cluster: 'butterfly' }), 1);
  assert.equal(value(samples, 'redis_cluster_known_nodes', { cluster: 'butterfly' }), 6);
  assert.equal(value(samples, 'redis_cluster_failed_nodes', { cluster: 'butterfly' }), 0);
  const probes = samples.filter((s) => s.name === 'probe_success');
  assert.equal(probes.length, 30);
  assert.ok(probes.every((s) => s.value === 1));
  assert.ok(
    samples.filter((s) => s.name === 'butterfly_exporter_collector_success').every((s) => s.value === 1),
  );
  for (const alert of [
    'CassandraNodeDown',
    'PostgresPrimaryUnavailable',
    'RedisClusterDegraded',
    'CrossServicePartition',
  ])
    await expectExpression(samples, alertExpression(alert), []);
});

test('an iptables partition between capsule and odyssey pod addresses shows in both directions only', async () => {
  iptables('-N', CHAIN);
  iptables('-A', CHAIN, '-s', '127.0.1.2', '-d', '127.0.1.3', '-j', 'DROP');
  iptables('-A', CHAIN, '-s', '127.0.1.3', '-d', '127.0.1.2', '-j', 'DROP');
  iptables('-I', 'OUTPUT', '-j', CHAIN);
  const samples = await scrape();
  const failing = samples
    .filter((s) => s.name === 'probe_success' && s.value === 0)
    .map((s) => `${s.labels.source}->${s.labels.target}`)
    .sort();
  assert.deepEqual(failing, ['capsule->odyssey', 'odyssey->capsule']);
  await expectExpression(samples, alertExpression('CrossServicePartition'), [
    { labels: 'probe_success{job="blackbox-exporter",source="capsule",target="odyssey"}', value: 0 },
    { labels: 'probe_success{job="blackbox-exporter",source="odyssey",target="capsule"}', value: 0 },
  ]);
  iptables('-D', 'OUTPUT', '-j', CHAIN);
  iptables('-F', CHAIN);
  iptables('-X', CHAIN);
  const healed = await scrape();
  assert.ok(healed.filter((s) => s.name === 'probe_success').every((s) => s.value === 1));
});

test('a Cassandra node killed and held down is status="down" at the next scrape and CassandraNodeDown is true', async () => {
  killPod('cassandra-2');
  const samples = await scrapeUntil(
    (s) => value(s, 'cassandra_node_status', { node: 'cassandra-2', status: 'down' }) === 1,
    10_000,
  );
  assert.equal(value(samples, 'cassandra_node_status', { node: 'cassandra-2', status: 'down' }), 1);
  assert.equal(value(samples, 'cassandra_node_status', { node: 'cassandra-2', status: 'up' }), 0);
  assert.equal(value(samples, 'cassandra_node_status', { node: 'cassandra-0', status: 'up' }), 1);
  await expectExpression(samples, alertExpression('CassandraNodeDown'), [
    { labels: 'cassandra_node_status{cluster="butterfly",node="cassandra-2",status="down"}', value: 1 },
  ]);
});

test('the Patroni leader killed: pg_up{role="primary"} 0 and PostgresPrimaryUnavailable true until Patroni promotes the replica', async () => {
  const before = await scrape();
  const leader = before.find((s) => s.name === 'pg_up' && s.labels.role === 'primary')!.labels.instance!;
  killPod(leader);
  const down = await scrapeUntil((s) => value(s, 'pg_up', { instance: leader }) === 0, 10_000);
  assert.equal(
    value(down, 'pg_up', { instance: leader, role: 'primary' }),
    0,
    'the dead leader keeps its role',
  );
  // SIGKILL releases nothing: the leader key lives out its 20 s ttl before the replica may run.
  assert.ok(
    !down.some((s) => s.name === 'pg_up' && s.labels.role === 'primary' && s.value === 1),
    'no primary is up right after the kill',
  );
  await expectExpression(down, alertExpression('PostgresPrimaryUnavailable'), [{ labels: '{}', value: 2 }]);
  // Patroni's ttl is 20 s: the replica takes over by itself and the expression goes quiet.
  const promoted = await scrapeUntil(
    (s) =>
      s.some(
        (x) =>
          x.name === 'pg_up' && x.labels.instance !== leader && x.labels.role === 'primary' && x.value === 1,
      ),
    60_000,
  );
  assert.ok(
    promoted.some(
      (s) =>
        s.name === 'pg_up' && s.labels.instance !== leader && s.labels.role === 'primary' && s.value === 1,
    ),
    'the replica was promoted',
  );
  await expectExpression(promoted, alertExpression('PostgresPrimaryUnavailable'), []);
});

test('a Redis master killed and held down: the cluster counts it failed and RedisClusterDegraded is true', async () => {
  // redis-0 is a master of the cluster as created (the first three nodes), and no test before moved it.
  killPod('redis-0');
  const failed = (s: ScrapedSample[]) =>
    value(s, 'redis_cluster_failed_nodes', { cluster: 'butterfly' }) ?? 0;
  // The survivors mark it failed after cluster-node-timeout (5 s).
  const samples = await scrapeUntil((s) => failed(s) >= 1, 30_000);
  assert.ok(failed(samples) >= 1, 'the killed master is counted failed');
  // One series either way: the cluster failed (before the replica's promotion) or a node failed.
  await expectExpression(samples, `count(${alertExpression('RedisClusterDegraded')})`, [
    { labels: '{}', value: 1 },
  ]);
});
