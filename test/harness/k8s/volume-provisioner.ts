// A stand-in for a storage provisioner on kwok nodes: a default StorageClass whose claims get a
// PersistentVolume made to measure (the PV controller then binds them), and whose released
// volumes are deleted — as a dynamic provisioner with reclaimPolicy Delete would.
import { CoreV1Api, KubeConfig, StorageV1Api, type V1PersistentVolume } from '@kubernetes/client-node';

/** The StorageClass the stand-in serves; the default class of the test cluster. */
export const STAND_IN_CLASS = 'standard';
const PROVISIONER = 'butterfly.test/stand-in';

/** A running stand-in provisioner. */
export interface VolumeProvisioner {
  /** How many volumes it has made so far. */
  readonly provisioned: () => number;
  stop(): Promise<void>;
}

/** Creates the StorageClass and polls claims every `everyMs` until stopped. */
export async function startVolumeProvisioner(kubeconfig: string, everyMs = 300): Promise<VolumeProvisioner> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  const core = config.makeApiClient(CoreV1Api);
  await config.makeApiClient(StorageV1Api).createStorageClass({
    body: {
      metadata: {
        name: STAND_IN_CLASS,
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: PROVISIONER,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    },
  });
  let count = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        count += await provisionPending(core);
        await deleteReleased(core);
      } catch {
        // The API server going away at teardown ends the loop; a transient error is retried.
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    provisioned: () => count,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

async function provisionPending(core: CoreV1Api): Promise<number> {
  const claims = await core.listPersistentVolumeClaimForAllNamespaces();
  let made = 0;
  for (const claim of claims.items) {
    const { name, namespace, uid } = claim.metadata ?? {};
    const wanted = claim.spec?.storageClassName ?? STAND_IN_CLASS;
    if (claim.status?.phase !== 'Pending' || claim.spec?.volumeName || wanted !== STAND_IN_CLASS) continue;
    if (!name || !namespace || !uid) continue;
    const volume: V1PersistentVolume = {
      metadata: { name: `pv-${uid}`, annotations: { 'pv.kubernetes.io/provisioned-by': PROVISIONER } },
      spec: {
        capacity: { storage: claim.spec?.resources?.requests?.storage ?? '1Gi' },
        accessModes: claim.spec?.accessModes ?? ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: STAND_IN_CLASS,
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid },
        hostPath: { path: `/var/lib/stand-in/${uid}`, type: 'DirectoryOrCreate' },
      },
    };
    try {
      await core.createPersistentVolume({ body: volume });
      made += 1;
    } catch {
      // Already made on an earlier pass (409): the controller has not bound it yet.
    }
  }
  return made;
}

async function deleteReleased(core: CoreV1Api): Promise<void> {
  const volumes = await core.listPersistentVolume();
  for (const volume of volumes.items) {
    if (volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') continue;
    if (volume.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'] !== PROVISIONER) continue;
    await core.deletePersistentVolume({ name: volume.metadata.name! });
  }
}
