import { ValidationError, type FieldIssue } from '../../../kit/errors/index.ts';
import type { StepSpec } from './plan.ts';

/**
 * Checks a plan's steps form a valid graph: unique names, known dependencies, no cycles, and a
 * tool for every EXECUTE step. Throws ValidationError naming each offending field.
 */
export function checkPlanGraph(steps: readonly StepSpec[]): void {
  const issues: FieldIssue[] = [];
  const positions = new Map<string, number>();
  steps.forEach((step, index) => {
    if (positions.has(step.name)) {
      issues.push({ field: `body.steps.${index}.name`, message: `step name '${step.name}' is used twice` });
    } else {
      positions.set(step.name, index);
    }
    if (step.action.type === 'EXECUTE' && !step.action.toolId) {
      issues.push({
        field: `body.steps.${index}.action.toolId`,
        message: 'an EXECUTE step needs the toolId of the SYNAPSE tool to run',
      });
    }
  });
  steps.forEach((step, index) => {
    step.dependsOn.forEach((dependency, d) => {
      if (!positions.has(dependency)) {
        issues.push({ field: `body.steps.${index}.dependsOn.${d}`, message: `unknown step '${dependency}'` });
      }
    });
  });
  if (issues.length === 0) {
    const cycle = findCycle(steps);
    if (cycle) {
      const closing = positions.get(cycle[cycle.length - 2] as string) as number;
      issues.push({
        field: `body.steps.${closing}.dependsOn`,
        message: `steps depend on each other in a cycle: ${cycle.join(' -> ')} ('->' reads 'depends on')`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError('invalid plan', issues);
}

/**
 * The order to run steps in: every step after the steps it depends on, otherwise in the order
 * submitted (Kahn's algorithm, always taking the earliest ready step). Assumes checkPlanGraph passed.
 */
export function executionOrder<T extends StepSpec>(steps: readonly T[]): T[] {
  const remaining = new Map(steps.map((step) => [step.name, new Set(step.dependsOn)]));
  const order: T[] = [];
  while (order.length < steps.length) {
    const next = steps.find((step) => remaining.get(step.name)?.size === 0);
    if (!next) throw new Error('the plan has a cycle; checkPlanGraph should have refused it');
    remaining.delete(next.name);
    for (const waiting of remaining.values()) waiting.delete(next.name);
    order.push(next);
  }
  return order;
}

/** A dependency cycle as a path of step names ending where it started, or undefined. */
function findCycle(steps: readonly StepSpec[]): string[] | undefined {
  const dependencies = new Map(steps.map((step) => [step.name, step.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const dependency of dependencies.get(name) ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const step of steps) {
    const cycle = visit(step.name);
    if (cycle) return cycle;
  }
  return undefined;
}
