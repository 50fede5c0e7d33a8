import { readFileSync } from 'node:fs';
import type { ProcessInfo } from './process-table.ts';

/** What identifies a pod's processes: the supervised process and, for an engine pod, its uid. */
export interface PodIdentity {
  pid?: number;
  uid?: number;
}

/**
 * The processes that make up a pod, as a container's would: the supervised process, its process
 * group and every descendant, and for an engine pod every process of its uid — Patroni starts
 * PostgreSQL in a session of its own, so the tree alone would miss the postmaster.
 */
export function podProcesses(pod: PodIdentity, table: readonly ProcessInfo[]): ProcessInfo[] {
  const members = new Map<number, ProcessInfo>();
  for (const info of table) {
    if (pod.pid !== undefined && (info.pid === pod.pid || info.pgid === pod.pid)) members.set(info.pid, info);
    if (pod.uid !== undefined && info.uid === pod.uid) members.set(info.pid, info);
  }
  // Descendants, to a fixed point: a child may have left the group.
  for (let grew = true; grew;) {
    grew = false;
    for (const info of table) {
      if (!members.has(info.pid) && members.has(info.ppid)) {
        members.set(info.pid, info);
        grew = true;
      }
    }
  }
  return [...members.values()].sort((a, b) => a.pid - b.pid);
}

/** Clock ticks since boot now, comparable with a process's start ticks (USER_HZ is 100 on Linux). */
export function ticksNow(procDir = '/proc'): number {
  const uptime = Number(readFileSync(`${procDir}/uptime`, 'utf8').split(' ')[0]);
  return Math.ceil(uptime * 100);
}
