import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Pod } from './topology.ts';

const BEGIN = '# BEGIN butterfly (managed by `butterfly up --hosts`; removed by `butterfly down`)';
const END = '# END butterfly';

/** The hosts file's text without Butterfly's block. */
export function withoutBlock(text: string): string {
  const start = text.indexOf(BEGIN);
  if (start === -1) return text;
  const end = text.indexOf(END, start);
  const after = end === -1 ? '' : text.slice(end + END.length).replace(/^\n/, '');
  return text.slice(0, start) + after;
}

/** The hosts file's text with one block naming every pod at its address (replacing an older block). */
export function withBlock(text: string, pods: readonly Pick<Pod, 'name' | 'address'>[]): string {
  const base = withoutBlock(text);
  const lines = pods.map((pod) => `${pod.address}\t${pod.name}`);
  return `${base}${base.endsWith('\n') || base === '' ? '' : '\n'}${[BEGIN, ...lines, END].join('\n')}\n`;
}

/** Writes the pods' names into the hosts file, so the runbook's commands work verbatim. */
export function addHostsBlock(pods: readonly Pick<Pod, 'name' | 'address'>[], path = '/etc/hosts'): void {
  replace(path, withBlock(readFileSync(path, 'utf8'), pods));
}

/** Removes Butterfly's block from the hosts file; a file without one is left untouched. */
export function removeHostsBlock(path = '/etc/hosts'): void {
  const text = readFileSync(path, 'utf8');
  const next = withoutBlock(text);
  if (next !== text) replace(path, next);
}

// /etc/hosts is often a bind mount (containers), where rename fails: fall back to rewriting it.
function replace(path: string, text: string): void {
  try {
    writeFileSync(`${path}.butterfly.tmp`, text);
    renameSync(`${path}.butterfly.tmp`, path);
  } catch {
    writeFileSync(path, text);
  }
}
