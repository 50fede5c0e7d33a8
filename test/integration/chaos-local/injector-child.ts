/**
 * A runner stand-in for the cleanup test: injects a partition, a delay and a pod-failure into
 * the test cluster, says so, and waits to be SIGKILLed with its faults in place.
 */
import { systemClock } from '../../../src/kit/time/index.ts';
import type { Fault } from '../../../src/chaos/spec/experiment.ts';
import type { SelectablePod as ChaosPod } from '../../../src/chaos/selectors/index.ts';
import { injectLocal } from '../../../src/chaos/kinds/index.ts';
import { anySelector as selector } from './chaos-local-harness.ts';

const [stateDir, podsJson] = process.argv.slice(2) as [string, string];
const [a, b, c, d] = JSON.parse(podsJson) as ChaosPod[];
const context = { stateDir, clock: systemClock };
const faults: [Fault, ChaosPod[], ChaosPod[]][] = [
  [{ kind: 'NetworkChaos', action: 'partition', selector, direction: 'both' }, [a!], [b!]],
  [
    {
      kind: 'NetworkChaos',
      action: 'delay',
      selector,
      direction: 'to',
      delay: { latencyMs: 400, jitterMs: 0, correlation: 0 },
    },
    [a!],
    [c!],
  ],
  [{ kind: 'PodChaos', action: 'pod-failure', selector }, [d!], []],
];
for (const [fault, targets, peers] of faults) await injectLocal(fault, targets, peers, context);
process.stdout.write('injected\n');
setInterval(() => {}, 60_000);
