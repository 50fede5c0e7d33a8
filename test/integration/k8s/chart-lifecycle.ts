// Steps of the chart suite against the cluster: CRDs in, the objects a release left behind, the
// selectors the chaos experiments use, how long a rollout took.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { prometheusOperatorCrdDir, sharedCrdFiles } from '../../harness/k8s/shared-k8s.ts';
import { getItems, kubectl, NAMESPACE, PROJECT_DIR, type KubeObject } from './k8s-test-env.ts';

/** The shared CRDs and prometheus-operator's Probe CRD (same release), applied server-side. */
export async function installCrds(): Promise<{ probeCrd: string; operatorDir: string }> {
  const operatorDir = await prometheusOperatorCrdDir();
  const probeCrd = join(operatorDir, 'monitoring.coreos.com_probes.yaml');
  for (const file of [...sharedCrdFiles(), probeCrd]) {
    await kubectl(['apply', '--server-side', '--field-manager=butterfly-test', '-f', file]);
  }
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
  return { probeCrd, operatorDir };
}

/** The namespaced kinds a release could leave behind, as `kubectl get` names them. */
const NAMESPACED_KINDS = [
  'pods',
  'services',
  'endpointslices.discovery.k8s.io',
  'statefulsets.apps',
  'deployments.apps',
  'replicasets.apps',
  'jobs.batch',
  'persistentvolumeclaims',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'roles.rbac.authorization.k8s.io',
  'rolebindings.rbac.authorization.k8s.io',
  'networkpolicies.networking.k8s.io',
  'poddisruptionbudgets.policy',
  'servicemonitors.monitoring.coreos.com',
  'prometheusrules.monitoring.coreos.com',
  'probes.monitoring.coreos.com',
  'controllerrevisions.apps',
];

/** What the namespace holds beyond what Kubernetes puts into every namespace. */
export async function leftovers(namespace = NAMESPACE): Promise<string[]> {
  const out = await kubectl([
    'get',
    NAMESPACED_KINDS.join(','),
    '-n',
    namespace,
    '-o',
    'name',
    '--ignore-not-found',
  ]);
  const defaults = new Set(['configmap/kube-root-ca.crt', 'serviceaccount/default']);
  return out
    .split('\n')
    .filter(Boolean)
    .filter((name) => !defaults.has(name));
}

/** Every PersistentVolume still in the cluster. */
export async function volumes(): Promise<string[]> {
  return (await getItems(['pv'])).map((pv) => pv.metadata.name);
}

/** A selector of a chaos experiment: its labels, or the pods it names. */
export interface ExperimentSelector {
  experiment: string;
  labels?: Record<string, string>;
  pods?: string[];
}

/** Every pod selector in chaos/experiments/*.yaml, however deep in a Workflow it sits. */
export function experimentSelectors(): ExperimentSelector[] {
  const dir = join(PROJECT_DIR, 'chaos/experiments');
  const found: ExperimentSelector[] = [];
  const walk = (experiment: string, node: unknown): void => {
    if (Array.isArray(node)) node.forEach((child) => walk(experiment, child));
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const selector = record.selector as
      { labelSelectors?: Record<string, string>; pods?: Record<string, string[]> } | undefined;
    if (selector?.labelSelectors) found.push({ experiment, labels: selector.labelSelectors });
    if (selector?.pods) found.push({ experiment, pods: Object.values(selector.pods).flat() });
    Object.values(record).forEach((child) => walk(experiment, child));
  };
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const object = doc.toJS() as KubeObject | null;
      if (object) walk(`${file}#${object.metadata.name}`, object);
    }
  }
  return found;
}

/** `app=capsule,tier=service` from a label map. */
export const labelSelector = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');

/** StatefulSets and Deployments whose ready replicas fall short of the spec. */
export async function notRolledOut(): Promise<string[]> {
  const workloads = await getItems<
    KubeObject & {
      spec: { replicas?: number };
      status?: { readyReplicas?: number; updatedReplicas?: number };
    }
  >(['statefulsets,deployments', '-n', NAMESPACE]);
  return workloads
    .filter((w) => (w.status?.readyReplicas ?? 0) < (w.spec.replicas ?? 1))
    .map((w) => `${w.kind}/${w.metadata.name} ${w.status?.readyReplicas ?? 0}/${w.spec.replicas ?? 1}`);
}

/** Services with a selector whose EndpointSlices hold no address. */
export async function servicesWithoutEndpoints(): Promise<string[]> {
  const services = await getItems<KubeObject & { spec: { selector?: Record<string, string> } }>([
    'services',
    '-n',
    NAMESPACE,
  ]);
  const slices = await getItems<KubeObject & { endpoints?: { addresses: string[] }[] }>([
    'endpointslices.discovery.k8s.io',
    '-n',
    NAMESPACE,
  ]);
  const addressed = new Set(
    slices
      .filter((slice) => (slice.endpoints ?? []).some((e) => e.addresses.length > 0))
      .map((slice) => slice.metadata.labels?.['kubernetes.io/service-name']),
  );
  return services
    .filter((s) => s.spec.selector && !addressed.has(s.metadata.name))
    .map((s) => s.metadata.name);
}
