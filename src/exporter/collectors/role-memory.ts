import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The last role seen for each PostgreSQL member, so that a member that stops answering keeps
 * its role label: `pg_up{role="primary"} 0` says the primary is down, where a role of
 * `unknown` could not.
 */
export interface RoleMemory {
  get(member: string): string | undefined;
  remember(member: string, role: string): void;
}

/** Roles kept for the life of the process. */
export function rolesInMemory(): RoleMemory {
  const roles = new Map<string, string>();
  return { get: (member) => roles.get(member), remember: (member, role) => void roles.set(member, role) };
}

const ROLES_FILE = z.record(z.string(), z.string());

/**
 * Roles kept in a file as well, so a restarted exporter still knows which member was the
 * primary when it went down. A missing or unreadable file starts empty.
 */
export function rolesInFile(path: string): RoleMemory {
  const roles = new Map<string, string>(Object.entries(readRoles(path)));
  return {
    get: (member) => roles.get(member),
    remember(member, role) {
      if (roles.get(member) === role) return;
      roles.set(member, role);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp`, JSON.stringify(Object.fromEntries(roles)) + '\n');
      renameSync(`${path}.tmp`, path);
    },
  };
}

function readRoles(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  try {
    return ROLES_FILE.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return {};
  }
}
