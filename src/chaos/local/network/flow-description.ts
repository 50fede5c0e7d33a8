import type { Flow } from './traffic-rules.ts';

/** Flows for people: `capsule-service → odyssey-core, odyssey-core → capsule-service`. */
export function describeFlows(flows: readonly Flow[]): string {
  const name = (end: Flow['from']): string => (end === 'any' ? 'anything' : end.name);
  return flows.map((flow) => `${name(flow.from)} → ${name(flow.to)}`).join(', ');
}
