import { EXPORTER_METRICS } from '../../exporter/index.ts';
import { evaluate, selectorsOf, type Series } from '../promql/index.ts';
import type { AlertRule } from './alert-rules.ts';
import { observedSeries } from './observed-series.ts';
import type { Observations } from './observations.ts';
import { SCRAPE_JOBS } from './scrape-jobs.ts';

/** An alert whose condition holds on this observation (it fires once it has held for the rule's `for`). */
export interface ActiveAlert {
  alert: string;
  severity: string;
  for: string;
  scenario: string;
  /** What the alert is about: a node, a member, a pair, a breaker. */
  subject: string;
}

/** One series of a rule's result: the rule holds for it now. */
export interface RuleInstance {
  rule: AlertRule;
  series: Series;
}

type Subject = (series: Series, o: Observations) => string;

/**
 * How status names what each alert is about, from the labels (and value) of the series the
 * rule's expression returned. Presentation only: the conditions are the rules file's.
 */
const SUBJECTS: Readonly<Record<string, Subject>> = {
  CassandraNodeDown: (s) => s.labels.node ?? '',
  PostgresPrimaryUnavailable: () => 'no running primary',
  PostgresReplicationLag: (s) => `${s.labels.instance} ${s.value}s`,
  RedisClusterDegraded: (_, o) =>
    `cluster_state ${o.redis?.clusterOk ? 'ok' : 'fail'}, ${o.redis?.failedNodes ?? 0} failed node(s)`,
  CrossServicePartition: (s) => `${s.labels.source} → ${s.labels.target}`,
  CircuitBreakerOpen: (s) => `${s.labels.service}/${s.labels.name}`,
  ServiceUnreachable: (s) => s.labels.target ?? '',
  ServiceScrapeDown: (s) => s.labels.pod ?? '',
  ButterflyExporterDown: (s) =>
    `${SCRAPE_JOBS.exporter} ${s.value === 1 ? 'not scraped' : 'does not answer'}`,
  EngineSeriesAbsent: (s) => `${s.labels.series} absent`,
};

const defaultSubject: Subject = (s) =>
  Object.entries(s.labels)
    .filter(([label]) => label !== '__name__')
    .map(([label, value]) => `${label}=${value}`)
    .join(', ') || 'condition holds';

/** True for a rule over the exporter's series or scrape: the embedded profile runs no exporter. */
function readsExporter(rule: AlertRule): boolean {
  return selectorsOf(rule.expression).some(
    (selector) =>
      selector.metric in EXPORTER_METRICS ||
      selector.matchers.some((m) => m.label === 'job' && m.op === '=' && m.value === SCRAPE_JOBS.exporter),
  );
}

/**
 * Each rule's expression evaluated on what status observed. Rules with severity `none` (the
 * Watchdog) page nobody and are left out; so, on the embedded profile, are rules over the
 * exporter, which does not run there.
 */
export function ruleInstances(observations: Observations, rules: readonly AlertRule[]): RuleInstance[] {
  const series = observedSeries(observations);
  return rules
    .filter((rule) => rule.severity !== 'none')
    .filter((rule) => observations.profile === 'local' || !readsExporter(rule))
    .flatMap((rule) => {
      const value = evaluate(rule.expression, series);
      return value.type === 'vector' ? value.series.map((s) => ({ rule, series: s })) : [];
    });
}

/** The alerts whose condition is true on `observations`, one per subject, in the rules' order. */
export function activeAlerts(observations: Observations, rules: readonly AlertRule[]): ActiveAlert[] {
  return ruleInstances(observations, rules).map(({ rule, series }) => ({
    alert: rule.alert,
    severity: rule.severity,
    for: rule.for,
    scenario: rule.scenario,
    subject: (SUBJECTS[rule.alert] ?? defaultSubject)(series, observations),
  }));
}
