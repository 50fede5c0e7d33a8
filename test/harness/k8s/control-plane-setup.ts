// Global setup of the chart suite (`node --test --test-global-setup=…`): builds the control
// plane's binaries when the cache lacks them (failing, never skipping, when it cannot), starts
// the control plane and the volume stand-in, and hands the test files where it is through the
// environment (BUTTERFLY_K8S_*). Teardown stops everything this run started.
import { ensureBinaries } from './k8s-binaries.ts';
import { startControlPlane, type ControlPlane } from './control-plane.ts';
import { startVolumeProvisioner, type VolumeProvisioner } from './volume-provisioner.ts';

let running: { plane: ControlPlane; volumes: VolumeProvisioner } | undefined;

const log = (line: string) => process.stdout.write(`# ${line}\n`);

/** Builds or reuses the binaries and starts the control plane. */
export async function globalSetup(): Promise<void> {
  const binaries = await ensureBinaries(log);
  log(
    binaries.built.length
      ? `built ${binaries.built.join(', ')} in ${Math.round(binaries.builtMs / 1000)} s`
      : 'binaries cached',
  );
  const plane = await startControlPlane({ binDir: binaries.binDir, log });
  log(`control plane up in ${Math.round(plane.startedMs)} ms (${plane.dir})`);
  const volumes = await startVolumeProvisioner(plane.kubeconfig);
  running = { plane, volumes };
  process.env.BUTTERFLY_K8S_KUBECONFIG = plane.kubeconfig;
  process.env.BUTTERFLY_K8S_BIN = binaries.binDir;
  process.env.BUTTERFLY_K8S_TIMINGS = JSON.stringify({ buildMs: binaries.builtMs, startMs: plane.startedMs });
}

/** Stops the stand-in and the control plane. */
export async function globalTeardown(): Promise<void> {
  if (!running) return;
  await running.volumes.stop();
  await running.plane.stop();
}
