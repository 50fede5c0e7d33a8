import type * as KubeClient from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import {
  CHAOS_MESH_GROUP,
  CHAOS_MESH_VERSION,
  describeResource,
  type ChaosResourceRef,
} from './chaos-resource.ts';
import { ChaosKubeError } from './k8s-errors.ts';
import { kubeObjectSchema, type KubeObject } from './kube-object.ts';

// The API server's failure answer (meta/v1 Status).
const statusSchema = z.looseObject({
  kind: z.literal('Status'),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
});

/** A watch event as the API server streams it: one JSON object per line. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

type Client = typeof KubeClient;

function statusOf(body: unknown): z.infer<typeof statusSchema> | undefined {
  try {
    return statusSchema.safeParse(typeof body === 'string' ? JSON.parse(body) : body).data;
  } catch {
    return undefined;
  }
}

/** The collection path of a resource's kind in its namespace (what list and watch address). */
export function collectionPath(namespace: string, plural: string): string {
  return `/apis/${CHAOS_MESH_GROUP}/${CHAOS_MESH_VERSION}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
}

/**
 * Chaos Mesh objects through client-node's CustomObjectsApi and Watch: create, get, delete and
 * watch, with every failure turned into a ChaosKubeError that says what to do about it.
 */
export class ChaosApi {
  private readonly client: Client;
  private readonly kubeConfig: KubeConfig;
  private readonly server: string;

  private constructor(client: Client, kubeConfig: KubeConfig, server: string) {
    this.client = client;
    this.kubeConfig = kubeConfig;
    this.server = server;
  }

  /** Connects to the kubeconfig's current cluster (loads client-node on first use). */
  static async connect(kubeConfig: KubeConfig): Promise<ChaosApi> {
    const client = await import('@kubernetes/client-node');
    return new ChaosApi(client, kubeConfig, kubeConfig.getCurrentCluster()?.server ?? '(no server)');
  }

  private get objects(): InstanceType<Client['CustomObjectsApi']> {
    return this.kubeConfig.makeApiClient(this.client.CustomObjectsApi);
  }

  private failure(error: unknown, action: string, ref: ChaosResourceRef): ChaosKubeError {
    if (!(error instanceof this.client.ApiException)) {
      return new ChaosKubeError(
        `cannot reach the Kubernetes API at ${this.server} to ${action} ${describeResource(ref)}: ${(error as Error).message}`,
        { server: this.server },
        { cause: error },
      );
    }
    const code = error.code;
    const status = statusOf(error.body);
    const said = status?.message ?? `HTTP ${code}`;
    const details = { status: code, reason: status?.reason, resource: describeResource(ref) };
    const kubectl = `kubectl delete ${ref.plural}.${CHAOS_MESH_GROUP} ${ref.name} -n ${ref.namespace}`;
    if (code === 409 && action === 'create') {
      return new ChaosKubeError(
        `${describeResource(ref)} already exists (left by an earlier run?); it was not touched. Remove it with '${kubectl}' and run again`,
        details,
        { cause: error },
      );
    }
    if (code === 403 || code === 401) {
      return new ChaosKubeError(`not allowed to ${action} ${describeResource(ref)}: ${said}`, details, {
        cause: error,
      });
    }
    if (code === 404 && action === 'create') {
      return new ChaosKubeError(
        `the cluster does not serve ${ref.plural}.${CHAOS_MESH_GROUP}/${CHAOS_MESH_VERSION} (is Chaos Mesh installed?): ${said}`,
        details,
        { cause: error },
      );
    }
    if (code === 422 || code === 400) {
      return new ChaosKubeError(`the API server rejected ${describeResource(ref)}: ${said}`, details, {
        cause: error,
      });
    }
    return new ChaosKubeError(`could not ${action} ${describeResource(ref)}: ${said}`, details, {
      cause: error,
    });
  }

  /** Creates the object from the manifest, unchanged; returns what the server stored. */
  async create(ref: ChaosResourceRef, manifest: Record<string, unknown>): Promise<KubeObject> {
    try {
      const created: unknown = await this.objects.createNamespacedCustomObject({
        group: CHAOS_MESH_GROUP,
        version: CHAOS_MESH_VERSION,
        namespace: ref.namespace,
        plural: ref.plural,
        body: manifest,
      });
      return kubeObjectSchema.parse(created);
    } catch (error) {
      throw this.failure(error, 'create', ref);
    }
  }

  /** The object as it is now, or undefined once it is gone (404). */
  async get(ref: ChaosResourceRef): Promise<KubeObject | undefined> {
    try {
      const object: unknown = await this.objects.getNamespacedCustomObject({
        group: CHAOS_MESH_GROUP,
        version: CHAOS_MESH_VERSION,
        namespace: ref.namespace,
        plural: ref.plural,
        name: ref.name,
      });
      return kubeObjectSchema.parse(object);
    } catch (error) {
      if (error instanceof this.client.ApiException && error.code === 404) return undefined;
      throw this.failure(error, 'read', ref);
    }
  }

  /**
   * Asks for deletion with foreground propagation, so the object only disappears once what it
   * owns (a Workflow's nodes and chaos objects) is gone too. Already gone counts as deleted.
   */
  async delete(ref: ChaosResourceRef): Promise<void> {
    try {
      await this.objects.deleteNamespacedCustomObject({
        group: CHAOS_MESH_GROUP,
        version: CHAOS_MESH_VERSION,
        namespace: ref.namespace,
        plural: ref.plural,
        name: ref.name,
        propagationPolicy: 'Foreground',
      });
    } catch (error) {
      if (error instanceof this.client.ApiException && error.code === 404) return;
      throw this.failure(error, 'delete', ref);
    }
  }

  /**
   * Starts one watch request on a collection; `onEvent` gets each line, `onDone` the end of the
   * stream (null when the server closed it). Returns the controller that stops it.
   */
  async watch(
    path: string,
    query: Record<string, string | undefined>,
    onEvent: (type: WatchEventType, object: unknown) => void,
    onDone: (error: unknown) => void,
  ): Promise<AbortController> {
    const watch = new this.client.Watch(this.kubeConfig);
    return watch.watch(
      path,
      { allowWatchBookmarks: true, ...query },
      (type, object) => onEvent(type as WatchEventType, object),
      onDone,
    );
  }

  /** The API server's Status in a watch ERROR event, when it is one (410 Gone means: re-read and watch again). */
  static statusOf(object: unknown): { code?: number; message?: string; reason?: string } | undefined {
    return statusOf(object);
  }
}
