// The ops commands as a user runs them, where no engine is needed: bad input exits 2 naming the
// field and what is accepted; no cluster exits 2 ("could not check").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/butterfly.js', import.meta.url));

function butterfly(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function emptyStateDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-ops-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('status, remediate and verify with no cluster running exit 2: could not check', (t) => {
  const dir = emptyStateDir(t);
  for (const args of [
    ['status'],
    ['status', '--json'],
    ['remediate', 'A'],
    ['verify', 'consistency'],
    ['verify', 'recovery'],
  ]) {
    const run = butterfly(...args, '--state-dir', dir);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /no Butterfly cluster is running/);
  }
});

test('remediate names the scenarios it accepts', () => {
  const run = butterfly('remediate', 'E');
  assert.equal(run.code, 2);
  assert.match(run.stderr, /the scenario must be one of A, B, C, D .*got 'E'/);
  assert.match(run.stderr, /Usage: butterfly remediate <A\|B\|C\|D>/);
});

test('verify names its subcommands, its options per subcommand, and what a scope must look like', () => {
  const none = butterfly('verify');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /verify needs one of consistency, recovery/);
  const foreign = butterfly('verify', 'recovery', '--repair');
  assert.equal(foreign.code, 2);
  assert.match(foreign.stderr, /verify recovery does not take --repair/);
  const scope = butterfly('verify', 'consistency', '--scope', 'entity-1');
  assert.equal(scope.code, 2);
  assert.match(scope.stderr, /--scope: expected 'rim:<kind>:<segment>/);
  assert.match(scope.stderr, /got 'entity-1'/);
});

test('the three commands are listed in --help', () => {
  const help = butterfly('--help');
  assert.match(help.stdout, /status +Services, connectivity matrix/);
  assert.match(help.stdout, /remediate +The runbook's remediation/);
  assert.match(help.stdout, /verify +The runbook's data consistency/);
});
