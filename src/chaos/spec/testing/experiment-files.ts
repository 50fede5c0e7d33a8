// Experiment files written to a temporary folder and loaded, for the spec tests.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosSpecError, type SpecIssue } from '../../manifest/index.ts';
import type { Experiment, Step } from '../experiment.ts';
import { loadExperiments } from '../load-experiments.ts';

/** This test run's folder of experiment files. */
export const dir = mkdtempSync(join(tmpdir(), 'butterfly-chaos-spec-'));
after(() => rmSync(dir, { recursive: true, force: true }));

export const CRITERIA = `  annotations:
    chaos.butterfly.dev/criteria: |
      detectionBudget: 30s
      recoveryBudget: 2m
`;

/** A PodChaos document whose spec is `spec` (indented two spaces). */
export function podChaos(spec: string, name = 'kill-one'): string {
  return `apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata:
  name: ${name}
${CRITERIA}spec:
${spec}`;
}

let counter = 0;
/** Writes an experiment file into this test run's folder. */
export function write(text: string, name = `experiment-${(counter += 1)}.yaml`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Loads experiments from a file of this text. */
export function load(text: string, name?: string): Experiment[] {
  return loadExperiments(write(text, name));
}

/** The ChaosSpecError of loading this text. */
export function issuesOf(text: string): { code: string; issues: readonly SpecIssue[]; message: string } {
  try {
    load(text);
  } catch (error) {
    assert.ok(error instanceof ChaosSpecError, String(error));
    return { code: error.code, issues: error.issues, message: error.message };
  }
  assert.fail('expected a ChaosSpecError');
}

/** The one issue there must be. */
export function only(issues: readonly SpecIssue[]): SpecIssue {
  assert.equal(
    issues.length,
    1,
    issues.map((issue) => `${issue.line} ${issue.field}: ${issue.message}`).join('\n'),
  );
  return issues[0]!;
}

/** Every step's name, depth first. */
export function names(step: Step): string[] {
  return 'children' in step ? [step.name, ...step.children.flatMap(names)] : [step.name];
}

/** The step of that name in the tree. */
export function findStep(step: Step, name: string): Step | undefined {
  if (step.name === name) return step;
  return 'children' in step ? step.children.map((child) => findStep(child, name)).find(Boolean) : undefined;
}
