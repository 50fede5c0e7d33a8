import type { Step } from '../spec/index.ts';

/**
 * The part of a workflow that checks the system without hurting it — what `--validate-only`
 * runs against the current system: Faults and Suspends go, and so does every branch running
 * beside a fault in a Parallel (it verifies behaviour *under* the fault). Undefined when
 * nothing is left (a plain PodChaos has no verification steps; its after-probes remain).
 */
export function verificationTree(step: Step): Step | undefined {
  switch (step.type) {
    case 'Fault':
    case 'Suspend':
      return undefined;
    case 'Task':
    case 'StatusCheck':
      return step;
    case 'Serial':
    case 'Parallel': {
      if (step.type === 'Parallel' && step.children.some(containsFault)) return undefined;
      const children = step.children
        .map(verificationTree)
        .filter((child): child is Step => child !== undefined);
      return children.length > 0 ? { ...step, children } : undefined;
    }
  }
}

/** True when a fault is injected anywhere under the step. */
export function containsFault(step: Step): boolean {
  return step.type === 'Fault' || ('children' in step && step.children.some(containsFault));
}
