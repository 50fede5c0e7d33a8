import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { ChaosKubeError } from './k8s-errors.ts';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Which cluster the backend talks to, as the kubeconfig resolved it. */
export interface KubeTarget {
  kubeConfig: KubeConfig;
  context: string;
  /** The context's namespace (or the pod's, in-cluster); `default` when none is set. */
  namespace: string;
  server: string;
}

/** Where to find the cluster: an explicit kubeconfig file, else KUBECONFIG, ~/.kube/config, then in-cluster. */
export interface KubeConfigOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
}

function loadFiles(kubeConfig: KubeConfig, files: readonly string[], create: () => KubeConfig): void {
  // As kubectl does: the first file wins where several set the same thing.
  kubeConfig.loadFromFile(files[0]!);
  for (const file of files.slice(1)) {
    const more = create();
    more.loadFromFile(file);
    kubeConfig.mergeConfig(more, true);
  }
}

/**
 * Loads the kubeconfig the way kubectl finds it. Unlike client-node's loadFromDefault, having
 * none is an error rather than a silent http://localhost:8080: chaos must never land on a
 * cluster nobody chose.
 */
export async function loadKubeTarget(options: KubeConfigOptions = {}): Promise<KubeTarget> {
  // client-node is heavy to load (~0.5 s); only a Kubernetes run pays for it.
  const { KubeConfig } = await import('@kubernetes/client-node');
  const env = options.env ?? process.env;
  const kubeConfig = new KubeConfig();
  const files =
    options.kubeconfig !== undefined
      ? [options.kubeconfig]
      : (env.KUBECONFIG ?? '').split(delimiter).filter((file) => file !== '');
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  try {
    if (files.length > 0) loadFiles(kubeConfig, files, () => new KubeConfig());
    else if (existsSync(home)) kubeConfig.loadFromFile(home);
    else if (env.KUBERNETES_SERVICE_HOST && existsSync(IN_CLUSTER_TOKEN)) kubeConfig.loadFromCluster();
    else {
      throw new ChaosKubeError(
        'no Kubernetes configuration: set KUBECONFIG, create ~/.kube/config, or run inside a cluster',
        { searched: ['KUBECONFIG', home, IN_CLUSTER_TOKEN] },
      );
    }
  } catch (error) {
    if (error instanceof ChaosKubeError) throw error;
    throw new ChaosKubeError(`cannot load the kubeconfig: ${(error as Error).message}`, {}, { cause: error });
  }
  if (options.context !== undefined) {
    if (!kubeConfig.getContextObject(options.context)) {
      throw new ChaosKubeError(`the kubeconfig has no context '${options.context}'`, {
        contexts: kubeConfig.getContexts().map((c) => c.name),
      });
    }
    kubeConfig.setCurrentContext(options.context);
  }
  const context = kubeConfig.getCurrentContext();
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster)
    throw new ChaosKubeError(`the kubeconfig's context '${context}' names no cluster`, { context });
  return {
    kubeConfig,
    context,
    namespace: kubeConfig.getContextObject(context)?.namespace ?? 'default',
    server: cluster.server,
  };
}
