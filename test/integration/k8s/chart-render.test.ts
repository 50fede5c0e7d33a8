// The chart without a cluster: helm lint (v4 and v3), the PrometheusRule is the rules file that
// promtool checks (one source), bad values are refused naming the field, and the
// NetworkPolicies allow each platform edge at both ends.
import assert from 'node:assert/strict';
import { lstatSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import {
  CHART_DIR,
  mustRun,
  NAMESPACE,
  PROJECT_DIR,
  RELEASE,
  runTool,
  type KubeObject,
} from './k8s-test-env.ts';

// helm template assumes an old Kubernetes (v3: 1.20) unless told; the chart needs >= 1.30.
const KUBE_VERSION = ['--kube-version', 'v1.37.2'];
const RULES_FILE = join(PROJECT_DIR, 'monitoring/alerts/butterfly.rules.yml');

async function render(helm = 'helm', extra: readonly string[] = []): Promise<KubeObject[]> {
  const text = await mustRun(helm, [
    'template',
    RELEASE,
    CHART_DIR,
    '-n',
    NAMESPACE,
    ...KUBE_VERSION,
    ...extra,
  ]);
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((doc): doc is KubeObject => doc !== null);
}

describe('the chart, rendered', () => {
  for (const helm of ['helm', 'helm3']) {
    it(`passes ${helm} lint --strict`, async () => {
      const version = await mustRun(helm, ['version', '--short']);
      const out = await mustRun(helm, ['lint', '--strict', CHART_DIR, '-n', NAMESPACE]);
      assert.match(out, /1 chart\(s\) linted, 0 chart\(s\) failed/, `${version}${out}`);
    });
  }

  it('renders the same objects with helm v3 and v4', async () => {
    const names = (objects: KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    const fixed = ['--set', `auth.jwtSecret=${'x'.repeat(40)}`, '--set', `auth.peerApiKey=${'y'.repeat(40)}`];
    assert.deepEqual(names(await render('helm3', fixed)), names(await render('helm', fixed)));
  });

  it('builds its PrometheusRule from monitoring/alerts/butterfly.rules.yml through a symlink (no copy)', async () => {
    const link = join(CHART_DIR, 'files/butterfly.rules.yml');
    assert.ok(lstatSync(link).isSymbolicLink(), 'files/butterfly.rules.yml must be a symlink');
    assert.equal(readlinkSync(link), '../../../../monitoring/alerts/butterfly.rules.yml');
    assert.equal(realpathSync(link), realpathSync(RULES_FILE));
    const rule = (await render()).find((o) => o.kind === 'PrometheusRule');
    assert.ok(rule, 'a PrometheusRule is rendered');
    assert.deepEqual(rule.spec, parse(readFileSync(RULES_FILE, 'utf8')));
    const alerts = (rule.spec as { groups: { rules: { alert: string }[] }[] }).groups.flatMap((g) =>
      g.rules.map((r) => r.alert),
    );
    for (const alert of [
      'CassandraNodeDown',
      'PostgresPrimaryUnavailable',
      'RedisClusterDegraded',
      'CrossServicePartition',
    ]) {
      assert.ok(alerts.includes(alert), `the runbook's ${alert} is in the PrometheusRule`);
    }
  });

  it('turns auth on with a generated JWT key and a peer key, and no anonymous routes', async () => {
    const objects = await render();
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'butterfly-credentials');
    const data = (secret as unknown as { data: Record<string, string> }).data;
    assert.ok(Buffer.from(data['jwt-secret']!, 'base64').length >= 32);
    for (const set of objects.filter(
      (o) => o.kind === 'StatefulSet' && o.metadata.labels?.tier === 'service',
    )) {
      const env = (
        set.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }
      ).template.spec.containers[0]!.env;
      assert.equal(env.find((e) => e.name === 'BUTTERFLY_AUTH')?.value, 'on', set.metadata.name);
      assert.ok(
        env.some((e) => e.name === 'BUTTERFLY_JWT_SECRET'),
        set.metadata.name,
      );
    }
  });

  it('allows each edge of the platform at both ends and nothing else', async () => {
    const policies = (await render()).filter((o) => o.kind === 'NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'default-deny');
    assert.deepEqual(deny?.spec, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    type Peer = { podSelector?: { matchLabels?: Record<string, string> } }[];
    type Rule = { to?: Peer; from?: Peer; ports: { port: number }[] };
    const of = (name: string) =>
      policies.find((p) => p.metadata.name === `allow-${name}`)?.spec as
        { egress?: Rule[]; ingress?: Rule[] } | undefined;
    const peers = (rules: Rule[] | undefined, side: 'to' | 'from') =>
      (rules ?? []).map(
        (r) => `${r[side]?.[0]?.podSelector?.matchLabels?.app}:${r.ports.map((p) => p.port).join('+')}`,
      );
    assert.deepEqual(peers(of('capsule')?.egress, 'to').sort(), ['cassandra:9042', 'odyssey-core:8080']);
    assert.deepEqual(peers(of('odyssey')?.ingress, 'from').sort(), [
      'butterfly-exporter:8080',
      'capsule:8080',
      'nexus:8080',
    ]);
    assert.ok(peers(of('postgres')?.ingress, 'from').includes('plato:5432+8008'));
    assert.ok(
      !peers(of('redis')?.ingress, 'from').some((edge) => edge.startsWith('capsule')),
      'CAPSULE never reaches Redis',
    );
  });
});

describe('values.schema.json and the chart refuse bad values, naming the field', () => {
  const refusals: [string, string[], RegExp][] = [
    ['a replica count that is not a number', ['--set', 'cassandra.replicas=three'], /cassandra[./]replicas/],
    ['a misspelt key', ['--set', 'services.profil=local'], /profil/],
    ['a short JWT key', ['--set', 'auth.jwtSecret=short'], /auth[./]jwtSecret/],
    ['an unknown pull policy', ['--set', 'image.pullPolicy=Sometimes'], /image[./]pullPolicy/],
    ['a bad storage size', ['--set', 'cassandra.storage.size=ten'], /cassandra[./]storage[./]size/],
    [
      'an unknown peer in the edges',
      ['--set', 'networkPolicy.peerEdges.capsule={redis}'],
      /networkPolicy[./]peerEdges[./]capsule/,
    ],
    [
      'a replication factor above the ring',
      ['--set', 'cassandra.replicationFactor=4'],
      /cassandra\.replicationFactor/,
    ],
    ['a Redis cluster without 3 masters', ['--set', 'redis.replicas=4'], /redis\.replicas/],
  ];
  for (const [what, values, field] of refusals) {
    for (const helm of ['helm', 'helm3']) {
      it(`${helm}: ${what}`, async () => {
        const outcome = await runTool(helm, [
          'template',
          RELEASE,
          CHART_DIR,
          '-n',
          NAMESPACE,
          ...KUBE_VERSION,
          ...values,
        ]);
        assert.notEqual(outcome.code, 0, 'refused');
        assert.match(outcome.stderr, field);
      });
    }
  }
});
