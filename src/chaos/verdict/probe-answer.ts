import type { HttpProbe } from '../spec/index.ts';
import { parseJsonPath, readJsonPath } from './json-path.ts';

/** What an HTTP endpoint answered; status 0 means no answer (refused, reset, timed out). */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body, or the text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** Why there was no answer, when status is 0. */
  error?: string;
}

/** Each way the answer breaks the probe's rules, as sentences; empty when it passes. */
export function probeFailures(probe: HttpProbe, answer: HttpAnswer): string[] {
  if (answer.status === 0) return [`no answer from ${probe.url}: ${answer.error ?? 'unknown error'}`];
  const failures: string[] = [];
  if (!probe.statuses.includes(answer.status)) {
    failures.push(`status ${answer.status}, expected ${probe.statuses.join(' or ')}`);
    // The body of an unexpected status rarely has the checked shape; one reason is enough.
    return failures;
  }
  for (const check of probe.json ?? []) {
    const steps = parseJsonPath(check.path);
    if (typeof steps === 'string') {
      failures.push(steps);
      continue;
    }
    const found = readJsonPath(answer.body, steps);
    if (!found.found) {
      failures.push(`${check.path} is missing`);
      continue;
    }
    if ('equals' in check && check.equals !== undefined && !sameJson(found.value, check.equals)) {
      failures.push(
        `${check.path} is ${JSON.stringify(found.value)}, expected ${JSON.stringify(check.equals)}`,
      );
    }
    if (check.oneOf && !check.oneOf.some((allowed) => sameJson(found.value, allowed))) {
      failures.push(
        `${check.path} is ${JSON.stringify(found.value)}, expected one of ${JSON.stringify(check.oneOf)}`,
      );
    }
  }
  return failures;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
