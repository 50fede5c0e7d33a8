import { readFileSync } from 'node:fs';
import { EXIT_CODES } from '../../../kit/errors/index.ts';
import type { Clock } from '../../../kit/time/index.ts';

/** The duty cycle period: short enough that the load looks steady to a scheduler and to `top`. */
const PERIOD_MS = 100;

/** Burns `load` percent of one CPU until `until` (or forever): busy for load% of each period, asleep for the rest. */
export function burnCpu(load: number, until: number | undefined): void {
  const busyMs = (PERIOD_MS * Math.min(100, Math.max(0, load))) / 100;
  const cycle = (): void => {
    const start = Date.now();
    if (until !== undefined && start >= until) process.exit(EXIT_CODES.OK);
    while (Date.now() - start < busyMs) {
      // Busy: this loop is the load.
    }
    setTimeout(cycle, PERIOD_MS - busyMs);
  };
  cycle();
}

/** CPU time (user + system) a process has used, in clock ticks. */
function cpuTicks(pid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the name: utime is field 11, stime field 12 (0-based).
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** The percent of one CPU each process used over `windowMs`; undefined for a process that is gone. */
export async function cpuPercent(
  pids: readonly number[],
  windowMs: number,
  clock: Clock,
): Promise<(number | undefined)[]> {
  const before = pids.map(cpuTicks);
  await clock.sleep(windowMs);
  return pids.map((pid, index) => {
    const start = before[index];
    const end = cpuTicks(pid);
    if (start === undefined || end === undefined) return undefined;
    // USER_HZ is 100: one tick is 10 ms.
    return ((end - start) * 10 * 100) / windowMs;
  });
}
