import { readdirSync, readFileSync } from 'node:fs';
import { localTopology } from './local-topology.ts';
import { isEnginePod } from './topology.ts';

/** A live process that belongs to an engine pod. */
export interface EngineProcess {
  pid: number;
  /** The pod whose uid the process runs as. */
  pod: string;
}

/**
 * Every process running as an engine pod's uid, found in /proc: the supervised daemons and what
 * they started (PostgreSQL's postmaster and backends under Patroni). What `down` must leave
 * none of, whatever happened to the supervisor.
 */
export function engineProcesses(procDir = '/proc'): EngineProcess[] {
  const podByUid = new Map(
    localTopology()
      .pods.filter(isEnginePod)
      .map((pod) => [pod.uid, pod.name]),
  );
  const found: EngineProcess[] = [];
  for (const entry of readdirSync(procDir)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`${procDir}/${entry}/status`, 'utf8'))?.[1];
      const pod = uid === undefined ? undefined : podByUid.get(Number(uid));
      if (pod) found.push({ pid: Number(entry), pod });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
