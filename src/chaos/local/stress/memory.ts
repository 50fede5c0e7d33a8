import { readFileSync } from 'node:fs';

/** Chunk size of the allocation: touching each chunk makes the pages resident, not just reserved. */
const CHUNK = 64 * 1024 * 1024;

/** Holds `bytes` of resident memory until the process ends. */
export function holdMemory(bytes: number): Buffer[] {
  const held: Buffer[] = [];
  for (let left = bytes; left > 0; left -= CHUNK) held.push(Buffer.alloc(Math.min(CHUNK, left), 1));
  return held;
}

/** A process's resident set in bytes, or undefined when it is gone. */
export function residentBytes(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
