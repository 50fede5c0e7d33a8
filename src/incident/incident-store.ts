import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../cluster/index.ts';
import { ButterflyError, NotFoundError, StateConflictError } from '../kit/errors/index.ts';
import type { Clock } from '../kit/time/index.ts';
import { INCIDENT_RECORD, type IncidentRecord } from './incident-record.ts';

const FILE = 'incident.json';

/** `<state-dir>/incident.json`. */
export function incidentFile(stateDir: string): string {
  return join(stateDir, FILE);
}

/** The incident recorded in the state directory, or undefined when there is none. */
export function readIncident(stateDir: string): IncidentRecord | undefined {
  const file = incidentFile(stateDir);
  if (!existsSync(file)) return undefined;
  const parsed = INCIDENT_RECORD.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new StateConflictError(
      `${file} is not an incident record: ${parsed.error.issues[0]?.message ?? ''}`,
      {
        file,
      },
    );
  return parsed.data;
}

/** Writes the record atomically, readable by its owner only (it may hold a webhook URL with a secret). */
export function writeIncident(stateDir: string, record: IncidentRecord): void {
  const file = incidentFile(stateDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  chmodSync(`${file}.tmp`, 0o600);
  renameSync(`${file}.tmp`, file);
}

/** How long to wait for another process's lock before giving up. */
const LOCK_WAIT_MS = 5000;
const LOCK_POLL_MS = 25;

/**
 * Read-modify-write of the record under `incident.json.lock`, so that a `note` and a scheduler's
 * escalation written at the same moment both land. The lock is only held for the update itself
 * (never across a webhook call); a lock left by a dead process is taken over.
 */
export async function updateIncident<T>(
  stateDir: string,
  clock: Clock,
  change: (record: IncidentRecord) => { record: IncidentRecord; result: T },
): Promise<T> {
  const lock = `${incidentFile(stateDir)}.lock`;
  const deadline = clock.now() + LOCK_WAIT_MS;
  while (!tryLock(lock)) {
    if (clock.now() >= deadline)
      throw new ButterflyError('BFY_ERR_STATE_CONFLICT', `${lock} is held by another process; try again`, {
        lock,
      });
    await clock.sleep(LOCK_POLL_MS);
  }
  try {
    const current = readIncident(stateDir);
    if (!current) throw new NotFoundError('incident', incidentFile(stateDir));
    const { record, result } = change(current);
    writeIncident(stateDir, record);
    return result;
  } finally {
    rmSync(lock, { force: true });
  }
}

function tryLock(lock: string): boolean {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const holder = Number(readFileSafely(lock));
    if (!isAlive(holder)) rmSync(lock, { force: true });
    return false;
  }
}

function readFileSafely(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
