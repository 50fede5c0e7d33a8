/**
 * One StressChaos worker process: burns CPU or holds memory for a pod. Argv: a JSON job, then
 * the fault's marker (for cleanup). It stops by itself at `until`, so a fault whose injector and
 * runner both died still ends when its duration does.
 */
import { EXIT_CODES } from '../../../kit/errors/index.ts';
import { burnCpu } from './cpu.ts';
import { holdMemory } from './memory.ts';

const job = JSON.parse(process.argv[2] ?? '{}') as { cpuLoad?: number; memoryBytes?: number; until?: number };
// What the process holds before the stress, so a proof can tell the stress from Node itself.
const baselineRss = process.memoryUsage.rss();
const held = job.memoryBytes ? holdMemory(job.memoryBytes) : [];
process.stdout.write(`${JSON.stringify({ ready: true, baselineRss })}\n`);
if (job.cpuLoad !== undefined) burnCpu(job.cpuLoad, job.until);
else {
  setInterval(() => {
    // Referencing the memory here keeps it alive (and resident) for as long as the process lives.
    if (held.length >= 0 && job.until !== undefined && Date.now() >= job.until) process.exit(EXIT_CODES.OK);
  }, 1000);
}
