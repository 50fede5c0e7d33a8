import { readdirSync, readFileSync } from 'node:fs';

/** One live process as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  uid: number;
  /** Start time in clock ticks since boot: with the pid, a process's identity (pids are reused). */
  startTicks: string;
  /** `R`, `S`, `Z`…; a zombie has exited already. */
  state: string;
  cmdline: string;
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** The process with that pid, or undefined when there is none (or only its zombie). */
export function readProcess(pid: number, procDir = '/proc'): ProcessInfo | undefined {
  try {
    const fields = statFields(readFileSync(`${procDir}/${pid}/stat`, 'utf8'));
    // After the name: state(0) ppid(1) pgrp(2) … starttime(19).
    const state = fields[0] ?? '?';
    if (state === 'Z' || state === 'X') return undefined;
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`${procDir}/${pid}/status`, 'utf8'))?.[1];
    const cmdline = readFileSync(`${procDir}/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return {
      pid,
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      uid: Number(uid ?? -1),
      startTicks: fields[19] ?? '',
      state,
      cmdline,
    };
  } catch {
    // It ended while we looked.
    return undefined;
  }
}

/** Every live process. */
export function processTable(procDir = '/proc'): ProcessInfo[] {
  const table: ProcessInfo[] = [];
  for (const entry of readdirSync(procDir)) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry), procDir);
    if (info) table.push(info);
  }
  return table;
}

/** True while the process that had this pid and start time still runs (false once it is a zombie). */
export function isSameProcessAlive(pid: number, startTicks: string, procDir = '/proc'): boolean {
  return readProcess(pid, procDir)?.startTicks === startTicks;
}
