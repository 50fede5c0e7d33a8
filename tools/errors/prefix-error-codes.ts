// Gives every error code the stable `BFY_ERR_` prefix, in every tracked text file.
// Re-runnable: it reads the codes from src/kit/errors/codes.ts, so a code added later without
// the prefix is renamed the next time it runs, and a code that has it is left alone.
// Usage: node tools/errors/prefix-error-codes.ts [--dry-run]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** The prefix every error code carries, like Fastify's `FST_ERR_`. */
export const ERROR_CODE_PREFIX = 'BFY_ERR_';

const CODES_FILE = 'src/kit/errors/codes.ts';

/**
 * Words spelled like a code that are not one: NEXUS's per-source status NOT_FOUND (an enum of
 * its own beside UP and UNAVAILABLE), the metrics label for an unmatched route, a heredoc tag.
 */
const NOT_A_CODE: ReadonlyArray<{ path: RegExp; code: string; line: RegExp }> = [
  {
    path: /^(src\/services\/nexus\/|test\/integration\/services\/nexus\.test\.ts$)/,
    code: 'NOT_FOUND',
    line: /status|'UP'|definite NOT_FOUND|\(`NOT_FOUND`, part|or NOT_FOUND\)/i,
  },
  { path: /^src\/host\/metrics\/http-metrics\.ts$/, code: 'NOT_FOUND', line: /./ },
  { path: /^chaos\/scripts\/run-chaos-suite\.sh$/, code: 'USAGE', line: /./ },
];

/** The codes in the table that do not carry the prefix yet (EXIT_CODES below it are not error codes). */
export function unprefixedCodes(codesSource: string): string[] {
  const table = codesSource.split(/^export const EXIT_CODES\b/m)[0]!;
  const keys = [...table.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
  return keys.filter((key) => !key.startsWith(ERROR_CODE_PREFIX));
}

/** `text` with each bare code word prefixed, except the words NOT_A_CODE names for `path`. */
export function prefixCodes(path: string, text: string, codes: readonly string[]): string {
  if (codes.length === 0) return text;
  const word = new RegExp(`(?<![A-Za-z0-9_])(${codes.join('|')})(?![A-Za-z0-9_])`, 'g');
  return text
    .split('\n')
    .map((line) =>
      line.replace(word, (code: string) =>
        NOT_A_CODE.some((rule) => rule.code === code && rule.path.test(path) && rule.line.test(line))
          ? code
          : ERROR_CODE_PREFIX + code,
      ),
    )
    .join('\n');
}

function main(): void {
  const dryRun = process.argv.includes('--dry-run');
  const codes = unprefixedCodes(readFileSync(CODES_FILE, 'utf8'));
  if (codes.length === 0) {
    console.log('every code already carries the prefix');
    return;
  }
  const files = execFileSync('git', ['grep', '-lIwE', codes.join('|'), '--', '.', ':!package-lock.json'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file !== '' && !file.startsWith('tools/errors/prefix-error-codes.'));
  let changed = 0;
  for (const file of files) {
    const before = readFileSync(file, 'utf8');
    const after = prefixCodes(file, before, codes);
    if (after === before) continue;
    changed += 1;
    if (!dryRun) writeFileSync(file, after);
    console.log(`${dryRun ? 'would change' : 'changed'} ${file}`);
  }
  console.log(`${codes.length} codes, ${changed} files`);
}

if (import.meta.main) main();
