import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../kit/time/index.ts';
import type { ToolCommand } from '../engines/index.ts';
import { cassandraJar } from '../engines/index.ts';
import { APT_PACKAGES, engineUsers } from './requirements.ts';
import { SCHEMATHESIS_VERSION, schemathesisBin } from './schemathesis-install.ts';
import { runSetup, type SetupOptions } from './run-setup.ts';

const dir = mkdtempSync(join(tmpdir(), 'butterfly-setup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const passwdWithUsers = join(dir, 'passwd-full');
writeFileSync(
  passwdWithUsers,
  [
    'root:x:0:0::/root:/bin/bash',
    ...engineUsers().map((u) => `${u.name}:x:${u.uid}:${u.uid}::/nonexistent:/usr/sbin/nologin`),
  ].join('\n'),
);
const passwdEmpty = join(dir, 'passwd-empty');
writeFileSync(passwdEmpty, 'root:x:0:0::/root:/bin/bash\n');

function installedCache(name: string): string {
  const cacheDir = join(dir, name);
  mkdirSync(join(cassandraJar(cacheDir), '..'), { recursive: true });
  writeFileSync(cassandraJar(cacheDir), '');
  if (!name.includes('no-schemathesis')) installSchemathesisIn(cacheDir);
  return cacheDir;
}

function installSchemathesisIn(cacheDir: string): void {
  mkdirSync(join(schemathesisBin(cacheDir), '..'), { recursive: true });
  writeFileSync(schemathesisBin(cacheDir), '');
}

/** A fake machine: dpkg knows `installed`; every command is recorded; apt-get install installs. */
function fakeMachine(installed: Set<string>) {
  const calls: ToolCommand[] = [];
  const run: SetupOptions['run'] = async (tool) => {
    calls.push(tool);
    if (tool.command === 'dpkg-query') {
      const lines = APT_PACKAGES.filter((name) => installed.has(name)).map((name) => `${name} installed`);
      return {
        code: lines.length === APT_PACKAGES.length ? 0 : 1,
        stdout: lines.join('\n') + '\n',
        stderr: '',
      };
    }
    if (tool.command.endsWith('/bin/pip')) installSchemathesisIn(join(tool.command, '..', '..', '..'));
    if (tool.command === 'apt-get' && tool.args[0] === 'install')
      for (const name of tool.args.slice(3)) installed.add(name);
    return { code: 0, stdout: '', stderr: '' };
  };
  return { calls, run };
}

async function setup(options: Partial<SetupOptions> & Pick<SetupOptions, 'cacheDir' | 'run'>) {
  const lines: string[] = [];
  const code = await runSetup({
    clock: systemClock,
    print: (line) => lines.push(line),
    facts: { root: true, distribution: 'debian' },
    ...options,
  });
  return { code, lines };
}

test('when everything is installed, setup only checks and says so', async () => {
  const machine = fakeMachine(new Set(APT_PACKAGES));
  const { code, lines } = await setup({
    cacheDir: installedCache('full'),
    run: machine.run,
    passwdFile: passwdWithUsers,
  });
  assert.equal(code, 0);
  assert.deepEqual(
    machine.calls.map((call) => call.command),
    ['dpkg-query'],
  );
  assert.match(lines.join('\n'), /already installed/);
});

test('only the missing packages are installed, after apt-get update', async () => {
  const machine = fakeMachine(
    new Set(APT_PACKAGES.filter((name) => name !== 'patroni' && name !== 'redis-tools')),
  );
  const { code, lines } = await setup({
    cacheDir: installedCache('partial'),
    run: machine.run,
    passwdFile: passwdWithUsers,
  });
  assert.equal(code, 0, lines.join('\n'));
  const apt = machine.calls.filter((call) => call.command === 'apt-get');
  assert.deepEqual(
    apt.map((call) => call.args),
    [['update'], ['install', '-y', '--no-install-recommends', 'patroni', 'redis-tools']],
  );
});

test('not root: nothing is run, what to install is printed, exit 2', async () => {
  const machine = fakeMachine(new Set());
  const { code, lines } = await setup({
    cacheDir: join(dir, 'empty'),
    run: machine.run,
    passwdFile: passwdEmpty,
    facts: { root: false, distribution: 'fedora' },
  });
  assert.equal(code, 2);
  assert.deepEqual(
    machine.calls.map((call) => call.command),
    ['dpkg-query'],
  );
  const text = lines.join('\n');
  assert.match(text, /run it as root/);
  assert.match(text, /this machine is 'fedora'/);
  assert.match(text, new RegExp(`apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`));
  assert.match(text, /<artifactId>cassandra-all<\/artifactId>/);
  assert.match(text, /mvn -q -B -f .*copy-dependencies/);
  assert.match(text, /useradd --system --uid 2110 --gid 2110 .* butterfly-cassandra-0/);
});

test('a failing step stops setup with exit 1 and its output', async () => {
  const run: SetupOptions['run'] = async (tool) =>
    tool.command === 'apt-get'
      ? { code: 100, stdout: '', stderr: 'E: Unable to locate package patroni' }
      : { code: 1, stdout: '', stderr: '' };
  const { code, lines } = await setup({
    cacheDir: installedCache('failing'),
    run,
    passwdFile: passwdWithUsers,
  });
  assert.equal(code, 1);
  assert.match(lines.join('\n'), /apt-get update exited 100[\s\S]*Unable to locate package/);
});

test('schemathesis: a venv of python3 in the cache, then the pinned version from PyPI; then only checked', async () => {
  const machine = fakeMachine(new Set(APT_PACKAGES));
  const cacheDir = installedCache('no-schemathesis');
  const { code, lines } = await setup({ cacheDir, run: machine.run, passwdFile: passwdWithUsers });
  assert.equal(code, 0, lines.join('\n'));
  const home = join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
  assert.deepEqual(
    machine.calls.filter((call) => call.command !== 'dpkg-query'),
    [
      { command: 'python3', args: ['-m', 'venv', home] },
      {
        command: join(home, 'bin', 'pip'),
        args: ['install', '--disable-pip-version-check', '-q', `schemathesis==${SCHEMATHESIS_VERSION}`],
      },
    ],
  );
  const again = fakeMachine(new Set(APT_PACKAGES));
  const second = await setup({ cacheDir, run: again.run, passwdFile: passwdWithUsers });
  assert.equal(second.code, 0);
  assert.deepEqual(
    again.calls.map((call) => call.command),
    ['dpkg-query'],
  );
  assert.match(
    second.lines.join('\n'),
    new RegExp(`already installed: .*schemathesis ${SCHEMATHESIS_VERSION}`),
  );
});
