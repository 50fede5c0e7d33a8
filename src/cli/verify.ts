import { runningState } from '../cluster/index.ts';
import { ClusterNotRunningError, EXIT_CODES, UsageError } from '../kit/errors/index.ts';
import type { ServiceName } from '../kit/platform/index.ts';
import { RIM_ID_RULE, rimIdSchema } from '../kit/rim-id/index.ts';
import { systemClock } from '../kit/time/index.ts';
import { PlatformClient, runGoldenPath } from '../ops/golden-path/index.ts';
import { observe } from '../ops/status/index.ts';
import {
  observedRecoveryChecks,
  recoveryReport,
  validatePartitionExperiment,
  verifyConsistency,
  type ConsistencyReport,
  type CountOf,
  type RecoveryReport,
} from '../ops/verify/index.ts';
import { flag, stringOption, type Command, type ParsedArgs } from './command.ts';
import { renderTable } from './table.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

function serviceUrls(stateDir: string): Record<ServiceName, string> {
  const state = runningState(stateDir);
  if (!state) throw new ClusterNotRunningError(stateDir);
  if (state.profile !== 'local')
    throw new UsageError(
      'verify needs the local profile (Cassandra nodes and pod addresses); this cluster is embedded',
    );
  return Object.fromEntries(
    state.pods.filter(({ pod }) => pod.service).map(({ pod, url }) => [pod.service, url]),
  ) as Record<ServiceName, string>;
}

function authHeaders(): Record<string, string> {
  const apiKey = process.env.BUTTERFLY_API_KEY;
  return apiKey ? { 'x-api-key': apiKey } : {};
}

/** `totalElements` of CAPSULE's scope listing or ODYSSEY's entity listing, as the runbook's curl lines read it. */
function countOfScopes(urls: Record<ServiceName, string>): CountOf {
  return async (service, tenant, scopeId) => {
    const client = new PlatformClient(urls, { 'x-tenant-id': tenant, ...authHeaders() });
    const path =
      service === 'capsule'
        ? `/api/v1/capsules?scopeId=${encodeURIComponent(scopeId)}&limit=1`
        : `/api/v1/entities?entityId=${encodeURIComponent(scopeId)}&limit=1`;
    try {
      const answer = await client.send(service, 'GET', path, undefined, 10_000);
      const total = (answer.body as { totalElements?: unknown } | undefined)?.totalElements;
      return answer.status === 200 && typeof total === 'number' ? total : undefined;
    } catch {
      return undefined;
    }
  };
}

function renderConsistency(report: ConsistencyReport): string {
  const out: string[] = [];
  if (report.repair)
    out.push(`nodetool repair butterfly on ${report.repair.node}: exit ${report.repair.exitCode}`);
  out.push(
    'CASSANDRA NODES (each read alone at consistency ONE)',
    renderTable(
      ['NODE', 'CAPSULES_BY_ID', 'SCOPES', 'STATE'],
      report.nodes.map((census) =>
        census.reachable
          ? [census.node, String(census.capsulesById), String(census.scopes.length), 'read']
          : [census.node, '-', '-', `NOT READ: ${census.error}`],
      ),
    ).trimEnd(),
  );
  for (const d of report.agreement.disagreements)
    out.push(
      `  ✗ nodes disagree on ${d.what}: ${Object.entries(d.byNode)
        .map(([n, v]) => `${n}=${v}`)
        .join(', ')}`,
    );
  out.push(
    `nodes ${report.agreement.consistent ? 'agree' : 'DISAGREE'} on ${report.agreement.scopesCompared} scope(s)`,
    '',
    `CAPSULE vs ODYSSEY (totalElements per scope): ${report.services.length - report.serviceDisagreements.length}/${report.services.length} agree`,
  );
  for (const row of report.serviceDisagreements)
    out.push(
      `  ✗ ${row.scopeId} (tenant ${row.tenant}): CAPSULE ${row.capsule ?? 'no answer'}, ODYSSEY ${row.odyssey ?? 'no answer'}`,
    );
  out.push('', report.consistent ? 'CONSISTENT' : 'INCONSISTENT');
  return out.join('\n') + '\n';
}

function renderRecovery(report: RecoveryReport): string {
  const lines = report.checks.map(
    (check) => `  ${check.ok ? '✓' : '✗'} ${check.name.padEnd(24)} ${check.detail}`,
  );
  return [...lines, '', report.recovered ? 'RECOVERED' : 'NOT RECOVERED'].join('\n') + '\n';
}

const consistency: Command = {
  name: 'consistency',
  summary: 'CAPSULE rows per Cassandra node at ONE, per-scope digests, CAPSULE vs ODYSSEY counts',
  usage: 'verify consistency [--scope ID] [--tenant T] [--repair] [--json] [--state-dir DIR]',
  options: {
    scope: { type: 'string' },
    tenant: { type: 'string' },
    repair: { type: 'boolean' },
    json: { type: 'boolean' },
    ...STATE_DIR_OPTION,
  },
  maxPositionals: 0,
  async run(args) {
    const scopeId = stringOption(args, 'scope');
    if (scopeId !== undefined && !rimIdSchema.safeParse(scopeId).success)
      throw new UsageError(`--scope: ${RIM_ID_RULE}; got '${scopeId}'`);
    const tenant = stringOption(args, 'tenant');
    const stateDir = stateDirOf(args);
    const urls = serviceUrls(stateDir);
    const report = await verifyConsistency({
      stateDir,
      clock: systemClock,
      filter: { ...(tenant !== undefined ? { tenant } : {}), ...(scopeId !== undefined ? { scopeId } : {}) },
      repair: flag(args, 'repair'),
      countOf: countOfScopes(urls),
    });
    process.stdout.write(
      flag(args, 'json') ? JSON.stringify(report, null, 2) + '\n' : renderConsistency(report),
    );
    return report.consistent ? EXIT_CODES.OK : EXIT_CODES.FAILED;
  },
};

const recovery: Command = {
  name: 'recovery',
  summary: 'Engines UP, matrix green, golden path passing, partition experiment validate-only passing',
  usage: 'verify recovery [--json] [--state-dir DIR]',
  options: { json: { type: 'boolean' }, ...STATE_DIR_OPTION },
  maxPositionals: 0,
  async run(args) {
    const stateDir = stateDirOf(args);
    const urls = serviceUrls(stateDir);
    const json = flag(args, 'json');
    const observed = observedRecoveryChecks(await observe({ stateDir, clock: systemClock }));
    const golden = await runGoldenPath(
      new PlatformClient(urls, { 'x-tenant-id': 'verify-recovery', ...authHeaders() }),
    );
    const failed = golden.checkpoints.find((checkpoint) => checkpoint.status === 'FAIL');
    const checks = [
      ...observed,
      {
        name: 'golden path' as const,
        ok: golden.passed,
        detail: golden.passed
          ? `${golden.checkpoints.length} checkpoints in ${Math.round(golden.totalMs)} ms`
          : `${failed?.name ?? 'loop budget'}: ${failed?.detail ?? `took ${Math.round(golden.totalMs)} ms`}`,
      },
      await validatePartitionExperiment(stateDir),
    ];
    const report = recoveryReport(checks);
    process.stdout.write(json ? JSON.stringify(report, null, 2) + '\n' : renderRecovery(report));
    return report.recovered ? EXIT_CODES.OK : EXIT_CODES.FAILED;
  },
};

const SUBCOMMANDS = [consistency, recovery] as const;

/** `butterfly verify consistency|recovery`: the runbook's data consistency and recovery verification. */
export const verifyCommand: Command = {
  name: 'verify',
  summary:
    "The runbook's data consistency verification and recovery verification, each one verdict (exit 0 pass, 1 not)",
  usage: SUBCOMMANDS.map((command) => command.usage).join('\n       butterfly '),
  options: Object.assign({}, ...SUBCOMMANDS.map((command) => command.options)) as Command['options'],
  maxPositionals: 1,
  async run(args: ParsedArgs) {
    const [name] = args.positionals;
    const command = SUBCOMMANDS.find((candidate) => candidate.name === name);
    if (!command)
      throw new UsageError(
        `verify needs one of ${SUBCOMMANDS.map((c) => c.name).join(', ')}; got '${name ?? ''}'`,
      );
    const foreign = Object.keys(args.values).filter(
      (option) => args.values[option] !== undefined && !Object.hasOwn(command.options, option),
    );
    if (foreign.length > 0)
      throw new UsageError(`verify ${command.name} does not take ${foreign.map((o) => `--${o}`).join(', ')}`);
    return command.run({ values: args.values, positionals: [] });
  },
};
