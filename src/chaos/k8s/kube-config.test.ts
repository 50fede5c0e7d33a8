import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosKubeError } from './k8s-errors.ts';
import { loadKubeTarget } from './kube-config.ts';

function kubeconfig(dir: string, file: string, context: string, server: string, namespace?: string): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{ name: ${context}-cluster, cluster: { server: '${server}' } }]`,
      `users: [{ name: ${context}-user, user: { token: t } }]`,
      `contexts: [{ name: ${context}, context: { cluster: ${context}-cluster, user: ${context}-user${namespace ? `, namespace: ${namespace}` : ''} } }]`,
      `current-context: ${context}`,
      '',
    ].join('\n'),
  );
  return path;
}

test('KUBECONFIG lists are merged with the first file winning; --context picks another; no namespace means default', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-kubeconfig-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = kubeconfig(dir, 'a.yaml', 'staging', 'https://staging.example:6443', 'butterfly');
  const second = kubeconfig(dir, 'b.yaml', 'lab', 'https://lab.example:6443');
  const env = { KUBECONFIG: `${first}:${second}`, HOME: dir };

  const merged = await loadKubeTarget({ env });
  assert.deepEqual(
    { context: merged.context, namespace: merged.namespace, server: merged.server },
    { context: 'staging', namespace: 'butterfly', server: 'https://staging.example:6443' },
  );
  const lab = await loadKubeTarget({ env, context: 'lab' });
  assert.deepEqual(
    { context: lab.context, namespace: lab.namespace, server: lab.server },
    { context: 'lab', namespace: 'default', server: 'https://lab.example:6443' },
  );
  await assert.rejects(
    loadKubeTarget({ env, context: 'prod' }),
    (e: unknown) =>
      e instanceof ChaosKubeError && /no context 'prod'/.test(e.message) && Array.isArray(e.details.contexts),
  );
  const explicit = await loadKubeTarget({ kubeconfig: second, env });
  assert.equal(explicit.context, 'lab', 'an explicit file is used alone');
});

test('an unreadable kubeconfig is a ChaosKubeError naming the problem', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-kubeconfig-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const broken = join(dir, 'broken.yaml');
  writeFileSync(broken, 'clusters: [this is: not: yaml');
  await assert.rejects(
    loadKubeTarget({ kubeconfig: broken }),
    (e: unknown) => e instanceof ChaosKubeError && e.message.startsWith('cannot load the kubeconfig'),
  );
});
