// The layout debt: breaches of the layout rules that existed when the rules were introduced and
// are being paid off. The list may only shrink: `--check` fails on any breach not in it, and on
// any entry that no longer breaches (remove it with `npm run floors -- --write-debt`).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the list lives: one breach a line, `#` comments allowed. */
export const DEBT_FILE = resolve(import.meta.dirname, 'layout-debt.txt');

/** The known breaches, keyed as the floor report names them (`import a → b`, `file x`, …). */
export function readDebt(): ReadonlySet<string> {
  let text = '';
  try {
    text = readFileSync(DEBT_FILE, 'utf8');
  } catch {
    return new Set();
  }
  return new Set(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
}

/** Rewrites the list with exactly `breaches` (sorted), keeping its header. */
export function writeDebt(breaches: Iterable<string>): void {
  const header = [
    '# Layout debt: breaches of tools/layout rules still to pay off. This list only shrinks:',
    '# `npm run lint` fails on a breach not listed here and on a listed one that is gone.',
  ];
  writeFileSync(DEBT_FILE, `${[...header, ...[...breaches].sort()].join('\n')}\n`);
}

/** The key of an import breach, shared by the lint rule and the report. */
export function importKey(from: string, to: string): string {
  return `import ${from} → ${to}`;
}
