import { formatDuration } from '../../kit/time/index.ts';
import type { Fault, PodSelector, Step } from './experiment.ts';

/** A selector in one line: `one of app=cassandra,metadata.name=cassandra-1`. */
export function describeSelector(selector: PodSelector): string {
  const named = Object.entries(selector.pods).flatMap(([namespace, pods]) =>
    pods.map((pod) => `${namespace}/${pod}`),
  );
  const terms = [
    ...Object.entries(selector.labelSelectors).map(([key, value]) => `${key}=${value}`),
    ...Object.entries(selector.fieldSelectors).map(([key, value]) => `${key}=${value}`),
  ];
  const what = named.length > 0 ? named.join(',') : terms.length > 0 ? terms.join(',') : '*';
  switch (selector.mode) {
    case 'one':
      return `one of ${what}`;
    case 'all':
      return `all of ${what}`;
    case 'fixed':
      return `${selector.value} of ${what}`;
    case 'fixed-percent':
      return `${selector.value}% of ${what}`;
    case 'random-max-percent':
      return `up to ${selector.value}% of ${what}`;
  }
}

const ARROWS = { to: '→', from: '←', both: '↔' } as const;

/** A fault in one line, e.g. `NetworkChaos partition all of app=capsule ↔ all of app=odyssey-core for 1m30s`. */
export function describeFault(fault: Fault): string {
  const lasting = fault.durationMs !== undefined ? ` for ${formatDuration(fault.durationMs)}` : '';
  switch (fault.kind) {
    case 'PodChaos':
      return `PodChaos ${fault.action} ${describeSelector(fault.selector)}${lasting}`;
    case 'NetworkChaos': {
      const target = fault.target
        ? ` ${ARROWS[fault.direction]} ${describeSelector(fault.target)}`
        : ` (${fault.direction})`;
      const detail =
        fault.action === 'delay' && fault.delay
          ? ` ${formatDuration(fault.delay.latencyMs)} ± ${formatDuration(fault.delay.jitterMs)}`
          : fault.action === 'loss' && fault.loss
            ? ` ${fault.loss.percent}%`
            : '';
      return `NetworkChaos ${fault.action}${detail} ${describeSelector(fault.selector)}${target}${lasting}`;
    }
    case 'StressChaos': {
      const stressors = [
        fault.cpu ? `cpu ${fault.cpu.workers}×${fault.cpu.load}%` : '',
        fault.memory ? `memory ${fault.memory.workers}×${fault.memory.sizeBytes}B` : '',
      ].filter(Boolean);
      return `StressChaos ${stressors.join(', ')} ${describeSelector(fault.selector)}${lasting}`;
    }
  }
}

/** Every fault of a step tree, in the order the tree runs them. */
export function faultsOf(step: Step): Fault[] {
  if (step.type === 'Fault') return [step.fault];
  return 'children' in step ? step.children.flatMap(faultsOf) : [];
}
