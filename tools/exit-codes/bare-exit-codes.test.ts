// Every exit code comes from the one table (src/kit/errors/codes.ts): a bare number handed to
// process.exit, process.exitCode or returned by a command is a second home for the fact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const TABLE = 'src/kit/errors/codes.ts';
/** Where a function's number is a command's exit code, so `return 1` is one too. */
const COMMAND_FILES = /^src\/(cli\/|cluster\/setup\/|cluster\/engines\/admin-tools\.ts$)/;
const EVERYWHERE = [/process\.exit\(\s*\d/, /exitCode\s*=\s*\d/, /exitCode\s*=\s*[^;]*\?\s*\d+\s*:/];
const IN_COMMANDS = [/\breturn\s+\d+\s*;/, /\breturn\s[^;]*\?\s*\d+\s*:\s*\d+\s*;/];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** `file:line: text` for each bare exit code in product code. */
export function bareExitCodes(): string[] {
  return sourceFiles('src')
    .filter((file) => file !== TABLE)
    .flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => {
          const rules = COMMAND_FILES.test(file) ? [...EVERYWHERE, ...IN_COMMANDS] : EVERYWHERE;
          return rules.some((rule) => rule.test(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : [];
        }),
    );
}

test('no exit code is a bare number outside src/kit/errors/codes.ts', () => {
  assert.deepEqual(bareExitCodes(), []);
});
