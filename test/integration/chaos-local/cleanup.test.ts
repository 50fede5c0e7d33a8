import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../../src/kit/time/index.ts';
import { CHAOS_CHAIN, cleanupLocal, readEntries, stateTag } from '../../../src/chaos/local/index.ts';
import { addRules, listRules } from '../../../src/chaos/local/iptables/iptables.ts';
import { ruleComment, processMarker } from '../../../src/chaos/local/journal/state-tag.ts';
import { markedProcesses, startChaosProcess } from '../../../src/chaos/local/process/chaos-process.ts';
import {
  assertNothingLeft,
  chaosPod,
  closeServer,
  echoServer,
  roundTrip,
  stateDirFor,
  writeTestCluster,
  type TestPod,
} from './chaos-local-harness.ts';

const CHILD = fileURLToPath(new URL('./injector-child.ts', import.meta.url));
const PORT = 18151;
const a: TestPod = { name: 'svc-a', address: '127.0.9.151', port: PORT };
const b: TestPod = { name: 'svc-b', address: '127.0.9.152', port: PORT };
const c: TestPod = { name: 'svc-c', address: '127.0.9.153', port: PORT };
const d: TestPod = { name: 'svc-d', address: '127.0.9.154', port: PORT };

/** Our chain's rules of other state folders (another test running now), which must survive our cleanup. */
async function othersRules(stateDir: string): Promise<number> {
  const ours = `bfy-chaos:${stateTag(stateDir)}:`;
  const rules = [...(await listRules('filter')), ...(await listRules('nat'))];
  return rules.filter((rule) => !rule.comment?.startsWith(ours)).length;
}

test('cleanup removes the faults of a SIGKILLed injector: rules, delay proxy and hold, and traffic flows', async (t) => {
  const stateDir = stateDirFor(t);
  const servers = await Promise.all([a, b, c].map((pod) => echoServer(pod.address, pod.port)));
  t.after(() => Promise.all(servers.map(closeServer)));
  t.after(() => cleanupLocal(stateDir).catch(() => {}));
  // svc-d is a plain process the pod-failure kills.
  const victim = spawn('sleep', ['600'], { stdio: 'ignore' });
  t.after(() => victim.kill('SIGKILL'));
  writeTestCluster(stateDir, [
    { ...a, pid: process.pid },
    { ...b, pid: process.pid },
    { ...c, pid: process.pid },
    { ...d, pid: victim.pid! },
  ]);

  const child = spawn(process.execPath, [CHILD, stateDir, JSON.stringify([a, b, c, d].map(chaosPod))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => child.kill('SIGKILL'));
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve),
  );
  assert.equal(line, 'injected');
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));

  // The injector is gone; its faults are not.
  assert.equal(readEntries(stateDir).entries.length, 3);
  assert.equal(
    await roundTrip({ host: b.address, port: PORT }, { localAddress: a.address, timeoutMs: 1000 }),
    'timeout',
  );
  assert.equal(
    markedProcesses(`--bfy-chaos=${stateTag(stateDir)}:`).length,
    1,
    'the delay proxy outlived its injector',
  );
  assert.ok(existsSync(join(stateDir, 'holds', d.name)));

  const { removed } = await cleanupLocal(stateDir, systemClock);
  assert.equal(removed.length, 3, removed.join('\n'));
  assert.match(removed.join('\n'), /partition.*\d+ iptables -t filter rules/);
  assert.match(removed.join('\n'), /delay proxy process \d+/);
  assert.match(removed.join('\n'), /hold on pod svc-d/);

  assert.equal(
    typeof (await roundTrip({ host: b.address, port: PORT }, { localAddress: a.address, timeoutMs: 1000 })),
    'number',
  );
  const direct = await roundTrip(
    { host: c.address, port: PORT },
    { localAddress: a.address, timeoutMs: 2000 },
  );
  assert.ok((direct as number) < 300, `a → c is no longer delayed (${direct} ms)`);
  assert.ok(!existsSync(join(stateDir, 'holds', d.name)));
  await assertNothingLeft(stateDir);
  if ((await othersRules(stateDir)) === 0) {
    const { execFileSync } = await import('node:child_process');
    for (const table of ['filter', 'nat'])
      assert.doesNotMatch(
        execFileSync('iptables', ['-t', table, '-S'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString(),
        new RegExp(CHAOS_CHAIN),
        `no ${CHAOS_CHAIN} chain in ${table}`,
      );
  }
  assert.deepEqual((await cleanupLocal(stateDir)).removed, [], 'a second cleanup finds nothing');
});

test('cleanup also sweeps what the journal missed: a tagged rule and a marked process', async (t) => {
  const stateDir = stateDirFor(t);
  t.after(() => cleanupLocal(stateDir).catch(() => {}));
  // As if an injector died between starting its proxy, or adding a rule, and journaling it.
  await addRules([
    {
      table: 'filter',
      rule: [
        '-s',
        '127.0.9.155',
        '-d',
        '127.0.9.156',
        '-m',
        'comment',
        '--comment',
        ruleComment(stateDir, 'lost-1'),
        '-j',
        'DROP',
      ],
    },
  ]);
  const stray = await startChaosProcess({
    script: fileURLToPath(new URL('../../../src/chaos/local/stress/stress-worker-main.ts', import.meta.url)),
    args: [JSON.stringify({ cpuLoad: 1 })],
    marker: processMarker(stateDir, 'lost-2'),
    logFile: join(stateDir, 'stray.log'),
    readyTimeoutMs: 10_000,
  });
  const { removed } = await cleanupLocal(stateDir);
  assert.equal(removed.length, 2, removed.join('\n'));
  assert.match(removed.join('\n'), /unjournaled iptables -t filter rule -s 127\.0\.9\.155\/32/);
  assert.match(removed.join('\n'), new RegExp(`unjournaled chaos process ${stray.pid}`));
  await assertNothingLeft(stateDir);
});
