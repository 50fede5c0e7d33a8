import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/**
 * A short, stable tag for one cluster's state folder. Every iptables rule carries it in its
 * comment and every chaos process in its argv, so cleanup of one cluster (or one test) never
 * touches the faults of another running on the same machine.
 */
export function stateTag(stateDir: string): string {
  return createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 10);
}

/** The iptables comment of a fault's rules: `bfy-chaos:<state tag>:<fault id>`. */
export function ruleComment(stateDir: string, faultId: string): string {
  return `bfy-chaos:${stateTag(stateDir)}:${faultId}`;
}

/** The argv marker of a fault's processes: `--bfy-chaos=<state tag>:<fault id>`. */
export function processMarker(stateDir: string, faultId: string): string {
  return `--bfy-chaos=${stateTag(stateDir)}:${faultId}`;
}
