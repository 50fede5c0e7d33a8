import { join } from 'node:path';
import type { StressChaosFault } from './spec.ts';
import type { Proof } from '../../fault/index.ts';
import {
  ChaosInjectionError,
  clusterPodOf,
  journaledFault,
  processMarker,
  startChaosProcess,
  type ChaosProcess,
  cpuPercent,
  STRESS_WORKER_SCRIPT,
  residentBytes,
} from '../../local/index.ts';
import type { Injector } from '../injector.ts';

interface Worker {
  pod: string;
  process: ChaosProcess;
  cpuLoad?: number;
  memoryBytes?: number;
}

interface Job {
  cpuLoad?: number;
  memoryBytes?: number;
}

/** The worker jobs of one pod, as Chaos Mesh's stressors define them: cpu load per worker, memory size shared by the workers. */
function jobsOf(fault: StressChaosFault): Job[] {
  const jobs: Job[] = [];
  for (let n = 0; n < (fault.cpu?.workers ?? 0); n += 1) jobs.push({ cpuLoad: fault.cpu!.load });
  const memoryWorkers = fault.memory?.workers ?? 0;
  for (let n = 0; n < memoryWorkers; n += 1)
    jobs.push({ memoryBytes: Math.ceil(fault.memory!.sizeBytes / memoryWorkers) });
  return jobs;
}

/**
 * StressChaos `cpu` and `memory`: worker processes started for each target pod (as the pod's uid
 * for engine pods) that burn CPU at the load or hold the memory, until recovered or the duration ends.
 */
export const stress: Injector<StressChaosFault> = async (request) => {
  const { fault, context, record } = request;
  const jobs = jobsOf(fault);
  if (jobs.length === 0)
    throw new ChaosInjectionError('StressChaos needs stressors.cpu or stressors.memory with workers > 0');
  const until = fault.durationMs === undefined ? undefined : context.clock.now() + fault.durationMs + 5000;
  const workers: Worker[] = [];
  for (const target of request.targets) {
    const pod = clusterPodOf(request.pods, target);
    for (const job of jobs) {
      const started = await startChaosProcess({
        script: STRESS_WORKER_SCRIPT,
        args: [JSON.stringify({ ...job, ...(until === undefined ? {} : { until }) })],
        marker: processMarker(context.stateDir, record.id),
        ...(pod.uid === undefined ? {} : { uid: pod.uid }),
        logFile: join(context.stateDir, 'chaos', 'logs', `${record.id}.log`),
        readyTimeoutMs: 30_000,
      });
      record.record([
        {
          type: 'process',
          pid: started.pid,
          startTicks: started.startTicks,
          what: `stress worker of ${pod.name}`,
        },
      ]);
      workers.push({ pod: pod.name, process: started, ...job });
    }
  }
  const summary = [
    fault.cpu && `cpu ${fault.cpu.workers}×${fault.cpu.load}%`,
    fault.memory && `memory ${fault.memory.sizeBytes} bytes over ${fault.memory.workers} workers`,
  ]
    .filter(Boolean)
    .join(', ');
  return journaledFault(record, context.clock, {
    description: `stress ${summary} on ${request.targets.map((pod) => pod.name).join(', ')}`,
    differences: [
      "the stress workers are processes of their own (as the pod's uid for engine pods), not inside the pod's cgroup: no cgroup limit applies and the pod's own limits are not what runs out",
    ],
    proveBites: () => proveStress(workers, context.clock),
  });
};

async function proveStress(
  workers: readonly Worker[],
  clock: Parameters<typeof cpuPercent>[2],
): Promise<Proof> {
  const lines: string[] = [];
  let ok = true;
  const cpu = workers.filter((worker) => worker.cpuLoad !== undefined);
  const used = await cpuPercent(
    cpu.map((worker) => worker.process.pid),
    1000,
    clock,
  );
  cpu.forEach((worker, index) => {
    const percent = used[index];
    // A busy machine gives the worker less than it asks (other pods, other tests); an idle worker
    // shows ~0%, so a tenth of the load already tells a burning worker from a stalled one.
    const bites = percent !== undefined && percent >= Math.min(worker.cpuLoad!, 100) / 10;
    ok &&= bites;
    lines.push(
      `${worker.pod} cpu worker ${worker.process.pid}: ${percent === undefined ? 'gone' : `${Math.round(percent)}%`} of a CPU (load ${worker.cpuLoad}%)`,
    );
  });
  for (const worker of workers.filter((candidate) => candidate.memoryBytes !== undefined)) {
    const resident = residentBytes(worker.process.pid);
    const { baselineRss } = JSON.parse(worker.process.ready) as { baselineRss: number };
    const held = resident === undefined ? undefined : resident - baselineRss;
    const bites = held !== undefined && held >= worker.memoryBytes! * 0.9;
    ok &&= bites;
    lines.push(
      `${worker.pod} memory worker ${worker.process.pid}: ${held === undefined ? 'gone' : `+${Math.round(held / 1048576)} MiB resident`} (asked ${Math.round(worker.memoryBytes! / 1048576)} MiB)`,
    );
  }
  return { ok, detail: lines.join('; ') };
}
