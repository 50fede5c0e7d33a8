import { formatDuration } from '../../kit/time/index.ts';
import type { Criteria, Derivation, HttpProbe } from './experiment.ts';
import { DEPENDENTS, type Dependents } from './store-dependents.ts';

/** The user's prose criteria annotation (their runner greps it). */
export const PASS_CRITERIA_ANNOTATION = 'chaos.butterfly.io/pass-criteria';

/** The `<name>-criteria` ConfigMap travelling with an experiment: its `pass_criteria` / `fail_criteria` lists. */
export interface CriteriaConfigMap {
  name: string;
  pass: string[];
  fail: string[];
  remediation?: string;
}

/** What criteria are derived from: the experiment's name, its targets' `app` labels and the user's words. */
export interface DerivationInput {
  name: string;
  apps: readonly string[];
  passCriteria?: string;
  configMap?: CriteriaConfigMap;
}

/** One sentence of the user's, and where it was written. */
interface Phrase {
  text: string;
  where: string;
}

/** The detection budget when no words give one: the runbook's alerts fire within 30s. */
const DEFAULT_DETECTION_MS = 30_000;
/** The user's runner's own pass line: recovery under `chaos_recovery_target_seconds` (60). */
const DEFAULT_RECOVERY_MS = 60_000;

const BUDGET =
  /(?:<|≤|within|under|less than|longer than|more than|>)\s*(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)\b/gi;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function unitMs(unit: string): number {
  const lower = unit.toLowerCase();
  if (lower.startsWith('ms') || lower.startsWith('milli')) return UNIT_MS.ms!;
  return UNIT_MS[lower[0]!]!;
}

/** Every time budget written in the phrases ("< 5m", "within 2 minutes", "longer than 5 minutes"). */
export function budgetsIn(phrases: readonly Phrase[]): { ms: number; words: string; where: string }[] {
  return phrases.flatMap((phrase) =>
    [...phrase.text.matchAll(BUDGET)].map((match) => ({
      ms: Math.round(Number(match[1]) * unitMs(match[2]!)),
      words: match[0],
      where: phrase.where,
    })),
  );
}

function phrasesOf(input: DerivationInput): Phrase[] {
  const phrases: Phrase[] = [];
  if (input.passCriteria) phrases.push({ text: input.passCriteria, where: PASS_CRITERIA_ANNOTATION });
  const map = input.configMap;
  if (map) {
    phrases.push(...map.pass.map((text) => ({ text, where: `ConfigMap ${map.name} pass_criteria` })));
    phrases.push(...map.fail.map((text) => ({ text, where: `ConfigMap ${map.name} fail_criteria` })));
  }
  return phrases;
}

function quote(phrase: { text: string; where: string } | undefined, fallback: string): string {
  return phrase ? `"${phrase.text.trim()}" (${phrase.where})` : fallback;
}

function recoveryBudget(phrases: readonly Phrase[], log: Derivation[]): number {
  const budgets = budgetsIn(phrases);
  const tightest = budgets.reduce<(typeof budgets)[number] | undefined>(
    (best, budget) => (best === undefined || budget.ms < best.ms ? budget : best),
    undefined,
  );
  const ms = tightest?.ms ?? DEFAULT_RECOVERY_MS;
  log.push({
    criterion: `recovery ≤ ${formatDuration(ms)}`,
    from: tightest
      ? `"${tightest.words}" (${tightest.where})${budgets.length > 1 ? `, the tightest of ${budgets.length} budgets` : ''}`
      : "no budget in the user's words: their runner's 60s recovery target",
  });
  log.push({
    criterion: `detection ≤ ${formatDuration(DEFAULT_DETECTION_MS)}`,
    from: "no detection budget in the user's words: the runbook's 30s alerting",
  });
  return ms;
}

/** Statuses the workload may see under the fault: continuity allows no refusals, degradation allows 202/503, 500 never. */
function allowedStatuses(phrases: readonly Phrase[], log: Derivation[]): number[] {
  const continuity = phrases.find((phrase) => /continuity|continu|remain/i.test(phrase.text));
  const degrade = phrases.find((phrase) => /degrad|graceful|fall back/i.test(phrase.text));
  const no500 = phrases.find((phrase) => /\b500\b/.test(phrase.text));
  const statuses = continuity ? [200, 201] : [200, 201, 202, 503];
  log.push({
    criterion: `workload statuses during the fault: ${statuses.join(', ')}`,
    from: continuity
      ? quote(continuity, '')
      : quote(degrade, 'no continuity promised: refusals (202 queued, 503) allowed'),
  });
  log.push({
    criterion: 'no 500 from any service',
    from: quote(no500, "the user's verify steps fail a run on a 500 only"),
  });
  return statuses;
}

function probesOf(dependents: readonly [string, Dependents][], log: Derivation[]): HttpProbe[] {
  const probes = new Map<string, HttpProbe>();
  for (const [app, entry] of dependents) {
    if (!probes.has(entry.detection.name)) {
      probes.set(entry.detection.name, { ...entry.detection, phases: ['before', 'after'], detection: true });
      log.push({
        criterion: `steady state + detection: ${entry.detection.method} ${entry.detection.url}`,
        from: `selector app=${app}: ${entry.feeds}`,
      });
    }
    for (const check of entry.health) {
      if (probes.has(check.name)) continue;
      probes.set(check.name, { ...check, phases: ['before', 'during', 'after'] });
      log.push({ criterion: `health: GET ${check.url} → 200 throughout`, from: `selector app=${app}` });
    }
  }
  return [...probes.values()];
}

/**
 * Criteria for a user's file without `chaos.butterfly.dev/criteria`: probes of the services the
 * target feeds, a ledgered workload on the affected store (0 acknowledged writes lost), no 500,
 * and the budgets written in the prose. Undefined when no target is one we know the dependents of.
 */
export function deriveCriteria(
  input: DerivationInput,
): { criteria: Criteria; derivation: Derivation[] } | undefined {
  const dependents = input.apps
    .map((app) => [app, DEPENDENTS[app]] as const)
    .filter((entry): entry is [string, Dependents] => entry[1] !== undefined);
  const first = dependents[0];
  if (!first) return undefined;
  const derivation: Derivation[] = [];
  const phrases = phrasesOf(input);
  const recoveryBudgetMs = recoveryBudget(phrases, derivation);
  const allowedStatusesDuringFault = allowedStatuses(phrases, derivation);
  const probes = probesOf(dependents, derivation);
  const tenant = `chaos-${input.name}`.slice(0, 63);
  derivation.push({
    criterion: `workload ${first[1].workload} at 5/s as tenant ${tenant}; 0 acknowledged writes lost or duplicated`,
    from: `selector app=${first[0]}: a ledgered workload on the affected store`,
  });
  return {
    criteria: {
      probes,
      workload: { kind: first[1].workload, ratePerSecond: 5, tenant },
      maxLostWrites: 0,
      maxDuplicatedWrites: 0,
      detectionBudgetMs: DEFAULT_DETECTION_MS,
      recoveryBudgetMs,
      allowedStatusesDuringFault,
    },
    derivation,
  };
}
