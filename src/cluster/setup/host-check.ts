import { existsSync, readFileSync } from 'node:fs';

/** What setup learns about the machine before it installs anything. */
export interface HostFacts {
  root: boolean;
  /** `ID` and `ID_LIKE` of /etc/os-release, e.g. `debian`, `ubuntu debian`. */
  distribution: string;
}

/** Reads the facts of this machine. */
export function hostFacts(osRelease = '/etc/os-release'): HostFacts {
  const fields: Record<string, string> = {};
  if (existsSync(osRelease)) {
    for (const line of readFileSync(osRelease, 'utf8').split('\n')) {
      const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (match) fields[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
    }
  }
  return {
    root: process.getuid?.() === 0,
    distribution: [fields.ID, fields.ID_LIKE].filter(Boolean).join(' ') || 'unknown',
  };
}

/** Why setup cannot install on this machine, or nothing when it can (root on Debian or Ubuntu). */
export function installBlockers(facts: HostFacts): string[] {
  const blockers: string[] = [];
  if (!facts.root) blockers.push('setup installs system packages and users: run it as root');
  if (!/\b(debian|ubuntu)\b/.test(facts.distribution)) {
    blockers.push(`setup knows Debian and Ubuntu; this machine is '${facts.distribution}'`);
  }
  return blockers;
}
