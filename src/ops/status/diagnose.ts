import { EXIT_CODES } from '../../kit/errors/index.ts';
import { ruleInstances } from './alert-conditions.ts';
import { shippedAlertRules, type AlertRule } from './alert-rules.ts';
import { EXPORTER_POD } from './scrape-jobs.ts';
import { AFTER_REMEDIATION, nextStepsFor, type NextStep } from './next-steps.ts';
import type { Observations } from './observations.ts';
import { SCENARIO_INFO, type ScenarioId } from './scenarios.ts';
import { staleBreakers } from './stale-connections.ts';

/** One scenario the observations point at, with what points at it and what to do. */
export interface ScenarioFinding {
  scenario: ScenarioId;
  title: string;
  runbookAnchor: string;
  evidence: string[];
  nextSteps: NextStep[];
}

/** The verdict of `butterfly status`. */
export interface Diagnosis {
  /** healthy: nothing wrong and everything observed; degraded: something wrong; unknown: nothing wrong seen, but parts could not be observed. */
  verdict: 'healthy' | 'degraded' | 'unknown';
  scenarios: ScenarioFinding[];
  /** Problems that are none of the four scenarios (a service down, a pod held). */
  otherFindings: string[];
  /** What to run after the scenarios' steps (empty when healthy). */
  afterwards: NextStep[];
}

const notUp = (status: string | undefined) => status !== undefined && status !== 'UP';

function componentEvidence(o: Observations, component: 'cassandra' | 'db' | 'redis'): string[] {
  return o.services
    .filter((s) => s.status !== 'UNREACHABLE' && notUp(s.components[component]))
    .map((s) => `${s.service}: ${component} ${s.components[component]}`);
}

function cassandraEvidence(o: Observations): string[] {
  const down = (o.cassandra ?? []).filter((n) => !n.up).map((n) => `${n.node} DOWN (no CQL handshake)`);
  return [...down, ...componentEvidence(o, 'cassandra')];
}

/** The members the PostgresReplicationLag rule holds for: its threshold lives in the rules file only. */
function laggingMembers(o: Observations, rules: readonly AlertRule[]): Set<string> {
  const lagRules = rules.filter((rule) => rule.alert === 'PostgresReplicationLag');
  return new Set(ruleInstances(o, lagRules).map(({ series }) => series.labels.instance ?? ''));
}

function postgresEvidence(o: Observations, rules: readonly AlertRule[]): string[] {
  const members = o.postgres ?? [];
  const lagging = laggingMembers(o, rules);
  const evidence: string[] = [];
  if (members.length > 0 && !members.some((m) => m.role === 'primary' && m.running))
    evidence.push('no running primary');
  for (const m of members) {
    if (!m.running) evidence.push(`${m.member} (${m.role}) not running`);
    else if (lagging.has(m.member)) evidence.push(`${m.member} ${m.lagSeconds}s behind the primary`);
  }
  return [...evidence, ...componentEvidence(o, 'db')];
}

function redisEvidence(o: Observations): string[] {
  const redis = o.redis;
  const evidence: string[] = [];
  if (redis) {
    if (!redis.clusterOk) evidence.push('cluster_state fail');
    for (const n of redis.nodes) {
      if (!n.up) evidence.push(`${n.node}${n.role ? ` (${n.role})` : ''} not answering`);
      else if (n.failed) evidence.push(`${n.node} flagged fail`);
    }
    if (evidence.length === 0 && redis.failedNodes > 0) evidence.push(`${redis.failedNodes} failed node(s)`);
  }
  return [...evidence, ...componentEvidence(o, 'redis')];
}

/**
 * A pair with no answer at all while some other source reaches the target: the
 * CrossServicePartition rule, narrowed to "no answer" so a target answering 503 (its own store
 * down) is not taken for a partition. Stale breakers after a partition are scenario D too.
 */
function partitionEvidence(o: Observations): string[] {
  const cells = o.matrix ?? [];
  const reached = new Set(cells.filter((c) => c.status >= 200 && c.status < 300).map((c) => c.target));
  const cut = cells
    .filter((c) => c.status === 0 && reached.has(c.target))
    .map((c) => `${c.source} → ${c.target}: no answer`);
  const stale = staleBreakers(o).map(
    (b) => `${b.service}: breaker ${b.breaker} ${b.state} although the peer answers (stale connections)`,
  );
  const chaos = cut.length > 0 ? o.chaosLeftovers.map((fault) => `stuck chaos: ${fault}`) : [];
  return [...cut, ...chaos, ...stale];
}

const EVIDENCE: Readonly<Record<ScenarioId, (o: Observations, rules: readonly AlertRule[]) => string[]>> = {
  A: cassandraEvidence,
  B: postgresEvidence,
  C: redisEvidence,
  D: partitionEvidence,
};

function otherFindings(o: Observations): string[] {
  const findings: string[] = [];
  const cells = o.matrix ?? [];
  for (const s of o.services) {
    if (s.status === 'UNREACHABLE') findings.push(`${s.service} does not answer its health endpoint`);
    else if (s.status !== 'UP') findings.push(`${s.service} health ${s.status}`);
    const targetCells = cells.filter((c) => c.target === s.service);
    if (targetCells.length > 0 && targetCells.every((c) => c.status === 0) && s.status !== 'UNREACHABLE')
      findings.push(
        `no service gets an answer from ${s.service} in time (slow or down on every path, not a partition)`,
      );
  }
  // An answer that is not 2xx from some sources while the target's own health is UP: the
  // matrix is not green, but it is no partition (an answer came) nor a store (the target is UP).
  for (const s of o.services.filter((service) => service.status === 'UP')) {
    const refused = cells.filter(
      (c) => c.target === s.service && c.status !== 0 && (c.status < 200 || c.status >= 300),
    );
    if (refused.length > 0)
      findings.push(
        `${s.service}'s health answers ${refused.map((c) => `${c.status} to ${c.source}`).join(', ')} (from their addresses)`,
      );
  }
  for (const pod of o.heldPods) findings.push(`pod ${pod} is held down (<state-dir>/holds/${pod})`);
  if (o.chaosLeftovers.length > 0 && !(o.matrix ?? []).some((c) => c.status === 0))
    findings.push(...o.chaosLeftovers.map((fault) => `chaos fault still journaled: ${fault}`));
  return findings;
}

/**
 * A finding about the exporter pod while its scrape failed (held down, a chaos fault on it) is
 * why status is blind, not something it saw wrong: it is reported, and the verdict stays "cannot
 * tell" rather than "degraded" about a platform it could not see.
 */
function explainsBlindness(o: Observations, finding: string): boolean {
  return o.exporterUp === false && finding.includes(EXPORTER_POD);
}

/**
 * The runbook's "identify the affected component": which of scenarios A–D the observations
 * show (several at once when several things are wrong), the evidence for each, and the
 * runbook's next steps as commands naming the pods involved.
 */
export function diagnose(o: Observations, rules: readonly AlertRule[] = shippedAlertRules()): Diagnosis {
  const scenarios: ScenarioFinding[] = [];
  for (const scenario of Object.keys(EVIDENCE) as ScenarioId[]) {
    const evidence = EVIDENCE[scenario](o, rules);
    if (evidence.length === 0) continue;
    scenarios.push({
      scenario,
      title: SCENARIO_INFO[scenario].title,
      runbookAnchor: SCENARIO_INFO[scenario].anchor,
      evidence,
      nextSteps: nextStepsFor(scenario, o),
    });
  }
  const others = otherFindings(o);
  const wrong = scenarios.length > 0 || others.some((finding) => !explainsBlindness(o, finding));
  return {
    verdict: wrong ? 'degraded' : o.unobserved.length > 0 ? 'unknown' : 'healthy',
    scenarios,
    otherFindings: others,
    afterwards: wrong ? [...AFTER_REMEDIATION] : [],
  };
}

/** What each verdict exits with, from the one table of codes (src/kit/errors/codes.ts). */
const VERDICT_EXIT: Readonly<Record<Diagnosis['verdict'], number>> = {
  healthy: EXIT_CODES.OK,
  degraded: EXIT_CODES.STATUS_DEGRADED,
  unknown: EXIT_CODES.STATUS_UNKNOWN,
};

/** `butterfly status`'s exit code: 0 healthy, 1 degraded, 2 cannot tell (a source did not answer). */
export function verdictExitCode(diagnosis: Diagnosis): number {
  return VERDICT_EXIT[diagnosis.verdict];
}
