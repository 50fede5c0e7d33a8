// The chart on a real kube-apiserver with kwok nodes (test/harness/k8s): helm install --wait
// rolls out every StatefulSet and Deployment, claims bind, Services get endpoints, every object
// passes server-side strict validation with the CRDs installed, the runbook's commands find the
// names they expect, and helm uninstall leaves nothing behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  experimentSelectors,
  installCrds,
  labelSelector,
  leftovers,
  notRolledOut,
  servicesWithoutEndpoints,
  volumes,
} from './chart-lifecycle.ts';
import { sharedCrdFiles } from '../../harness/k8s/shared-k8s.ts';
import {
  CHART_DIR,
  eventually,
  getItems,
  kubectl,
  mustRun,
  NAMESPACE,
  PROJECT_DIR,
  RELEASE,
  runTool,
  setupTimings,
} from './k8s-test-env.ts';

const SERVICE_PODS = ['perception-0', 'capsule-0', 'odyssey-0', 'plato-0', 'nexus-0', 'synapse-0'];
const ENGINE_PODS = [
  'cassandra-0',
  'cassandra-1',
  'cassandra-2',
  'postgres-0',
  'postgres-1',
  ...[0, 1, 2, 3, 4, 5].map((n) => `redis-${n}`),
];

describe('the chart on kube-apiserver with kwok nodes', { concurrency: false }, () => {
  let operatorDir = '';
  let installMs = 0;

  before(async () => {
    operatorDir = (await installCrds()).operatorDir;
    await kubectl(['create', 'namespace', NAMESPACE]);
    await kubectl(['config', 'set-context', '--current', `--namespace=${NAMESPACE}`]);
  });

  after(async () => {
    const timings = setupTimings();
    process.stdout.write(
      `# timings: binaries built ${Math.round(timings.buildMs / 1000)} s, control plane started ${Math.round(timings.startMs)} ms, helm install --wait ${Math.round(installMs)} ms\n`,
    );
  });

  it("reads the shared CRDs in place: they are prometheus-operator v0.93.0's, byte for byte", () => {
    for (const file of sharedCrdFiles().filter((f) => !f.endsWith('chaos-mesh.yaml'))) {
      const name = file.split('/').pop()!;
      assert.equal(
        readFileSync(file, 'utf8'),
        readFileSync(join(operatorDir, `monitoring.coreos.com_${name}`), 'utf8'),
        name,
      );
    }
  });

  it('refuses bad values at helm install, naming the field, before creating anything', async () => {
    const outcome = await runTool('helm', [
      'install',
      'bad',
      CHART_DIR,
      '-n',
      NAMESPACE,
      '--set',
      'redis.replicas=six',
    ]);
    assert.notEqual(outcome.code, 0);
    assert.match(outcome.stderr, /redis[./]replicas/);
    assert.deepEqual(await leftovers(), []);
  });

  it('installs with helm install --wait', async () => {
    const started = performance.now();
    await mustRun('helm', ['install', RELEASE, CHART_DIR, '-n', NAMESPACE, '--wait', '--timeout', '5m']);
    installMs = performance.now() - started;
    // helm v4's watcher may return while a StatefulSet's status still trails its pods by a beat.
    assert.deepEqual(
      await eventually('rolled out', 20_000, async () => {
        const pending = await notRolledOut();
        return pending.length === 0 ? pending : undefined;
      }),
      [],
    );
  });

  it('names the pods as the runbook does', async () => {
    const pods = (await getItems(['pods', '-n', NAMESPACE])).map((p) => p.metadata.name);
    for (const pod of [...SERVICE_PODS, ...ENGINE_PODS])
      assert.ok(pods.includes(pod), `${pod} in ${pods.join(' ')}`);
    assert.ok(pods.some((name) => name.startsWith('butterfly-exporter-')));
  });

  it('binds every claim, cassandra-data-cassandra-2 among them', async () => {
    const claims = await getItems<{ metadata: { name: string }; status: { phase: string } }>([
      'pvc',
      '-n',
      NAMESPACE,
    ]);
    assert.equal(claims.length, 6 + 3 + 2 + 6);
    assert.deepEqual(
      claims.filter((c) => c.status.phase !== 'Bound').map((c) => c.metadata.name),
      [],
    );
    const described = await kubectl(['describe', 'pvc', 'cassandra-data-cassandra-2']);
    assert.match(described, /Status:\s+Bound/);
  });

  it('gives every Service endpoints, but postgres-primary until Patroni labels a leader', async () => {
    assert.deepEqual(
      await eventually('endpoints', 30_000, async () => {
        const missing = await servicesWithoutEndpoints();
        return missing.length <= 1 ? missing : undefined;
      }),
      ['postgres-primary'],
    );
    // Patroni's role label, as it sets it on the leader: the Service follows it.
    await kubectl(['label', 'pod', 'postgres-0', 'role=primary']);
    await kubectl(['label', 'pod', 'postgres-1', 'role=replica']);
    await eventually('postgres-primary endpoints', 30_000, async () =>
      (await servicesWithoutEndpoints()).length === 0 ? true : undefined,
    );
    const leader = await kubectl(['get', 'pods', '-l', 'app=postgres,role=primary', '-o', 'name']);
    assert.equal(leader.trim(), 'pod/postgres-0');
  });

  it('passes kubectl apply --dry-run=server --validate=strict, object by object, with the CRDs installed', async () => {
    const manifest = await mustRun('helm', ['get', 'manifest', RELEASE, '-n', NAMESPACE]);
    const hooks = await mustRun('helm', ['get', 'hooks', RELEASE, '-n', NAMESPACE]);
    const out = await kubectl(
      [
        'apply',
        '--server-side',
        '--force-conflicts',
        '--field-manager=strict-check',
        '--dry-run=server',
        '--validate=strict',
        '-f',
        '-',
      ],
      `${manifest}\n---\n${hooks}`,
    );
    const checked = out.split('\n').filter((line) => line.includes('(server dry run)'));
    assert.ok(checked.length > 60, `${checked.length} objects checked:\n${out}`);
    for (const kind of ['prometheusrule', 'servicemonitor', 'probe', 'networkpolicy', 'statefulset', 'job']) {
      assert.ok(
        checked.some((line) => line.includes(`${kind}.`)),
        `a ${kind} was checked`,
      );
    }
  });

  it("selects the chart's pods with every selector of chaos/experiments", async () => {
    await kubectl([
      'apply',
      '--dry-run=server',
      '--validate=strict',
      '-f',
      join(PROJECT_DIR, 'chaos/experiments'),
    ]);
    // The role keepers (Patroni, the Redis labeller) do not run on kwok: set what they would.
    for (const [pod, role] of [
      ['redis-0', 'master'],
      ['redis-1', 'master'],
      ['redis-2', 'master'],
      ['redis-3', 'replica'],
    ]) {
      await kubectl(['label', '--overwrite', 'pod', pod!, `role=${role}`]);
    }
    for (const selector of experimentSelectors()) {
      const query = selector.labels ? ['-l', labelSelector(selector.labels)] : (selector.pods ?? []);
      const pods = (await kubectl(['get', 'pods', '-n', NAMESPACE, '-o', 'name', ...query]))
        .trim()
        .split('\n')
        .filter(Boolean);
      assert.ok(pods.length > 0, `${selector.experiment}: ${query.join(' ')} selects nothing`);
    }
  });

  it("runs the runbook's kubectl commands against the chart's names", async () => {
    assert.match(await kubectl(['get', 'networkpolicies', '-n', 'butterfly', '-o', 'wide']), /default-deny/);
    await kubectl(['get', 'networkchaos', '-n', 'butterfly-chaos']);
    const before = (await getItems(['pods', '-l', 'app=cassandra'])).find(
      (p) => p.metadata.name === 'cassandra-2',
    );
    await kubectl(['delete', 'pod', 'cassandra-2']);
    await eventually('cassandra-2 back', 60_000, async () => {
      const pod = (await getItems(['pods', '-l', 'app=cassandra'])).find(
        (p) => p.metadata.name === 'cassandra-2',
      );
      const ready = (
        pod?.status as { conditions?: { type: string; status: string }[] } | undefined
      )?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      return pod && ready && pod.metadata.uid !== before?.metadata.uid ? true : undefined;
    });
    // The runbook's `rollout restart deployment odyssey-core capsule`: the services are StatefulSets.
    await kubectl(['rollout', 'restart', 'statefulset', 'odyssey', 'capsule']);
    await kubectl(['rollout', 'status', 'statefulset', 'odyssey', '--timeout=90s']);
    await kubectl(['rollout', 'status', 'statefulset', 'capsule', '--timeout=90s']);
  });

  it('lets the chaos ServiceAccount drive Chaos Mesh in both namespaces, and nothing more', async () => {
    const as = '--as=system:serviceaccount:butterfly-chaos:butterfly-chaos';
    for (const ns of ['butterfly', 'butterfly-chaos']) {
      assert.equal(
        (await kubectl(['auth', 'can-i', 'create', 'networkchaos.chaos-mesh.org', '-n', ns, as])).trim(),
        'yes',
      );
      assert.equal(
        (await kubectl(['auth', 'can-i', 'delete', 'workflows.chaos-mesh.org', '-n', ns, as])).trim(),
        'yes',
      );
    }
    const outcome = await runTool('kubectl', ['auth', 'can-i', 'delete', 'pods', '-n', 'butterfly', as]);
    assert.equal(outcome.stdout.trim(), 'no');
  });

  it('leaves nothing behind after helm uninstall', async () => {
    await mustRun('helm', ['uninstall', RELEASE, '-n', NAMESPACE, '--wait', '--timeout', '3m']);
    await eventually('an empty namespace', 90_000, async () => {
      const left = await leftovers();
      return left.length === 0 ? left : undefined;
    });
    await eventually('no volumes', 60_000, async () => ((await volumes()).length === 0 ? true : undefined));
    await eventually('the chaos namespace gone', 90_000, async () => {
      const outcome = await runTool('kubectl', ['get', 'namespace', 'butterfly-chaos']);
      return outcome.code !== 0 ? true : undefined;
    });
    const clusterWide = await kubectl([
      'get',
      'clusterroles,clusterrolebindings,namespaces',
      '-l',
      `app.kubernetes.io/instance=${RELEASE}`,
      '-o',
      'name',
    ]);
    assert.equal(clusterWide.trim(), '');
  });
});
