import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  runTool,
  type ToolCommand,
  type ToolResult,
  CASSANDRA_VERSION,
  cassandraJar,
  cassandraLibDir,
} from '../engines/index.ts';
import { formatDuration, type Clock } from '../../kit/time/index.ts';
import {
  cassandraMavenCommand,
  cassandraPom,
  cassandraPomPath,
  writeCassandraPom,
} from './cassandra-install.ts';
import { hostFacts, installBlockers, type HostFacts } from './host-check.ts';
import { APT_PACKAGES, missingEngineUsers, type EngineUser } from './requirements.ts';
import {
  SCHEMATHESIS_VERSION,
  schemathesisCommands,
  schemathesisHome,
  schemathesisInstalled,
} from './schemathesis-install.ts';
import { EXIT_CODES } from '../../kit/errors/index.ts';

/** Runs one installer command to completion. */
export type CommandRunner = (tool: ToolCommand, timeoutMs: number) => Promise<ToolResult>;

/** Options of `runSetup`. */
export interface SetupOptions {
  cacheDir: string;
  clock: Clock;
  /** Told each progress line. */
  print: (line: string) => void;
  run?: CommandRunner;
  facts?: HostFacts;
  /** Where passwd is read, for tests. */
  passwdFile?: string;
}

/** The packages of APT_PACKAGES that dpkg does not list as installed. */
export async function missingPackages(run: CommandRunner): Promise<string[]> {
  const result = await run(
    { command: 'dpkg-query', args: ['-W', '-f=${Package} ${db:Status-Status}\\n', ...APT_PACKAGES] },
    30_000,
  );
  const installed = new Set(
    result.stdout
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name!.split(':')[0]),
  );
  return APT_PACKAGES.filter((name) => !installed.has(name));
}

function userCommands(user: EngineUser): ToolCommand[] {
  return [
    { command: 'groupadd', args: ['--system', '--gid', String(user.uid), user.name] },
    {
      command: 'useradd',
      args: [
        '--system',
        '--uid',
        String(user.uid),
        '--gid',
        String(user.uid),
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        user.name,
      ],
    },
  ];
}

function shellLine(tool: ToolCommand): string {
  return [tool.command, ...tool.args]
    .map((word) => (/^[\w./:=@,+-]+$/.test(word) ? word : `'${word}'`))
    .join(' ');
}

/** Exactly what to run by hand, for a machine setup cannot install on. */
export function manualInstructions(
  cacheDir: string,
  packages: readonly string[],
  users: readonly EngineUser[],
  cassandraMissing: boolean,
  schemathesisMissing = false,
): string[] {
  const lines: string[] = [];
  if (packages.length > 0) {
    lines.push(
      `# Debian/Ubuntu packages (elsewhere: PostgreSQL 15, Patroni 3 with etcd v3 support, etcd 3.4, Redis 7, iptables, Prometheus, Java 17, Maven)`,
    );
    lines.push(`apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`);
  }
  if (cassandraMissing) {
    const pom = cassandraPomPath(cacheDir);
    lines.push(`# Apache Cassandra ${CASSANDRA_VERSION} from Maven Central (no root needed)`);
    lines.push(
      `mkdir -p ${dirname(pom)} && cat > ${pom} <<'POM'`,
      ...cassandraPom().trimEnd().split('\n'),
      'POM',
    );
    lines.push(shellLine(cassandraMavenCommand(cacheDir)));
  }
  if (schemathesisMissing) {
    lines.push(`# schemathesis ${SCHEMATHESIS_VERSION} for the fuzz suite (npm run test:fuzz), in a venv`);
    for (const command of schemathesisCommands(cacheDir)) lines.push(shellLine(command));
  }
  if (users.length > 0) {
    lines.push('# one system user per engine pod (as root)');
    for (const user of users) lines.push(userCommands(user).map(shellLine).join(' && '));
  }
  return lines;
}

/**
 * Installs what the local profile needs, idempotently, printing one line per step: the Debian
 * packages that dpkg lacks, Cassandra's jars into the cache, and the engine users. When all is
 * there it only checks (well under a second). Returns the exit code: 0 done, 1 a step failed,
 * 2 this machine needs installing by hand (not root, or not Debian/Ubuntu), with what to run.
 */
export async function runSetup(options: SetupOptions): Promise<number> {
  const { clock, print, cacheDir } = options;
  const run = options.run ?? ((tool: ToolCommand, timeoutMs: number) => runTool(tool, timeoutMs));
  const started = clock.now();
  const since = (from: number) => formatDuration(clock.now() - from);

  const { packages, cassandraMissing, users, schemathesisMissing } = await inventory(options, run);
  if (packages.length === 0 && !cassandraMissing && users.length === 0 && !schemathesisMissing) {
    print(
      `✓ already installed: ${APT_PACKAGES.length} packages, Cassandra ${CASSANDRA_VERSION}, schemathesis ${SCHEMATHESIS_VERSION}, engine users (${since(started)})`,
    );
    return EXIT_CODES.OK;
  }
  const blockers = installBlockers(options.facts ?? hostFacts());
  if (blockers.length > 0) {
    for (const blocker of blockers) print(`✗ ${blocker}`);
    print('Install these by hand, then run butterfly setup again to check:');
    for (const line of manualInstructions(cacheDir, packages, users, cassandraMissing, schemathesisMissing))
      print(`  ${line}`);
    return EXIT_CODES.CANNOT_RUN;
  }

  const step = { print, run, since: (from: number) => since(from), now: () => clock.now() };
  const failed =
    (await installPackages(step, packages)) ??
    (await installCassandra(step, cacheDir, cassandraMissing)) ??
    (await installSchemathesis(step, cacheDir, schemathesisMissing)) ??
    (await createUsers(step, users));
  if (failed !== undefined) return failed;

  const after = await inventory(options, run);
  const still = [
    ...after.packages,
    ...(after.cassandraMissing ? [`Cassandra ${CASSANDRA_VERSION}`] : []),
    ...(after.schemathesisMissing ? [`schemathesis ${SCHEMATHESIS_VERSION}`] : []),
    ...after.users.map((user) => user.name),
  ];
  if (still.length > 0) {
    print(`✗ still missing: ${still.join(', ')}`);
    return EXIT_CODES.FAILED;
  }
  print(`✓ the local profile is installed (${since(started)}); 'butterfly up --profile local' starts it`);
  return EXIT_CODES.OK;
}

/** What an install step uses: the printer, the command runner and the clock. */
interface SetupStep {
  print: (line: string) => void;
  run: CommandRunner;
  since: (from: number) => string;
  now: () => number;
}

/** apt-get update and install of the missing packages; the exit code when it failed. */
async function installPackages(step: SetupStep, packages: readonly string[]): Promise<number | undefined> {
  const { print, run } = step;
  if (packages.length === 0) {
    print(`✓ packages: all ${APT_PACKAGES.length} installed`);
    return undefined;
  }
  const from = step.now();
  print(`… apt-get update`);
  const update = await run({ command: 'apt-get', args: ['update'] }, 600_000);
  if (update.code !== 0) return fail(print, 'apt-get update', update);
  print(`… apt-get install ${packages.join(' ')}`);
  const install = await run(
    {
      command: 'apt-get',
      args: ['install', '-y', '--no-install-recommends', ...packages],
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    },
    1_800_000,
  );
  if (install.code !== 0) return fail(print, 'apt-get install', install);
  print(`✓ packages: installed ${packages.length} (${step.since(from)})`);
  return undefined;
}

/** Cassandra's jars from Maven Central into the cache; the exit code when it failed. */
async function installCassandra(
  step: SetupStep,
  cacheDir: string,
  missing: boolean,
): Promise<number | undefined> {
  const { print, run } = step;
  if (!missing) {
    print(`✓ Cassandra ${CASSANDRA_VERSION}: in ${cassandraLibDir(cacheDir)}`);
    return undefined;
  }
  const from = step.now();
  print(
    `… Cassandra ${CASSANDRA_VERSION}: resolving cassandra-all and its dependencies from Maven Central into ${cacheDir}`,
  );
  writeCassandraPom(cacheDir);
  const maven = await run(cassandraMavenCommand(cacheDir), 1_800_000);
  if (maven.code !== 0 || !existsSync(cassandraJar(cacheDir)))
    return fail(print, 'mvn dependency:copy-dependencies', maven);
  print(`✓ Cassandra ${CASSANDRA_VERSION}: ${cassandraLibDir(cacheDir)} (${step.since(from)})`);
  return undefined;
}

/** The fuzz suite's schemathesis into its venv in the cache; the exit code when it failed. */
async function installSchemathesis(
  step: SetupStep,
  cacheDir: string,
  missing: boolean,
): Promise<number | undefined> {
  const { print, run } = step;
  if (!missing) {
    print(`✓ schemathesis ${SCHEMATHESIS_VERSION}: in ${schemathesisHome(cacheDir)}`);
    return undefined;
  }
  const from = step.now();
  print(`… schemathesis ${SCHEMATHESIS_VERSION}: a venv in ${schemathesisHome(cacheDir)}, from PyPI`);
  for (const command of schemathesisCommands(cacheDir)) {
    const result = await run(command, 900_000);
    if (result.code !== 0) return fail(print, `${command.command} ${command.args[0]}`, result);
  }
  print(`✓ schemathesis ${SCHEMATHESIS_VERSION}: installed (${step.since(from)})`);
  return undefined;
}

/** The engine users and groups; the exit code when one could not be made. */
async function createUsers(
  step: SetupStep,
  users: Parameters<typeof userCommands>[0][],
): Promise<number | undefined> {
  const { print, run } = step;
  if (users.length === 0) {
    print(`✓ engine users: all present`);
    return undefined;
  }
  for (const user of users) {
    for (const command of userCommands(user)) {
      const result = await run(command, 30_000);
      // A group left by an earlier, interrupted run is fine.
      if (result.code !== 0 && !(command.command === 'groupadd' && result.code === 9))
        return fail(print, command.command, result);
    }
  }
  print(`✓ engine users: created ${users.map((user) => user.name).join(', ')}`);
  return undefined;
}

/** What is missing: packages, Cassandra's jars, schemathesis, engine users. */
async function inventory(options: SetupOptions, run: CommandRunner) {
  return {
    packages: await missingPackages(run).catch(() => [...APT_PACKAGES]),
    cassandraMissing: !existsSync(cassandraJar(options.cacheDir)),
    schemathesisMissing: !schemathesisInstalled(options.cacheDir),
    users: missingEngineUsers(options.passwdFile),
  };
}

function fail(print: (line: string) => void, what: string, result: ToolResult): number {
  print(`✗ ${what} exited ${result.code}`);
  for (const line of (result.stderr || result.stdout).trimEnd().split('\n').slice(-15)) print(`    ${line}`);
  return EXIT_CODES.FAILED;
}
