import { z } from 'zod';
import {
  conditionSchema,
  conditionsByType,
  type KubeObject,
  type ProgressEvent,
  type ResourceProgress,
} from './kube-object.ts';

// Chaos Mesh's ChaosStatus (api/v1alpha1/common_types.go): conditions plus the experiment's
// desired phase and one record per selected target with its injection/recovery counts.
const chaosStatusSchema = z.looseObject({
  conditions: z.array(conditionSchema).optional().catch(undefined),
  experiment: z
    .looseObject({
      desiredPhase: z.string().optional(),
      containerRecords: z
        .array(
          z.looseObject({
            id: z.string(),
            phase: z.string().optional(),
            injectedCount: z.number().optional(),
            recoveredCount: z.number().optional(),
            events: z
              .array(
                z.looseObject({
                  type: z.string(),
                  operation: z.string(),
                  message: z.string().optional(),
                  timestamp: z.string().optional(),
                }),
              )
              .optional(),
          }),
        )
        .optional(),
    })
    .optional()
    .catch(undefined),
});

function targets(ids: readonly string[]): string {
  return `${ids.length} target${ids.length === 1 ? '' : 's'}${ids.length === 0 ? '' : ` (${ids.join(', ')})`}`;
}

/**
 * Progress of a PodChaos, NetworkChaos or StressChaos from its status: selected → all injected
 * → (desired phase Stop) all recovered. A one-shot action such as pod-kill can pass through
 * AllInjected between two watch events, so a record's injectedCount also counts as injected.
 */
export class ChaosProgress implements ResourceProgress {
  private readonly step: string;
  private readonly seen = new Map<string, boolean>();
  private readonly reportedFailures = new Set<string>();
  private injected = false;
  private removed = false;

  constructor(step: string) {
    this.step = step;
  }

  get finished(): boolean {
    return this.removed;
  }

  get faultActive(): boolean {
    return this.injected && !this.removed;
  }

  observe(object: KubeObject): ProgressEvent[] {
    const status = chaosStatusSchema.safeParse(object.status ?? {}).data ?? {};
    const conditions = conditionsByType(status.conditions);
    const records = status.experiment?.containerRecords ?? [];
    const ids = records.map((r) => r.id);
    const events: ProgressEvent[] = [];
    const turnedTrue = (type: string): boolean =>
      conditions.get(type)?.status === true && this.seen.get(type) !== true;
    const turnedFalse = (type: string): boolean =>
      conditions.get(type)?.status === false && this.seen.get(type) === true;

    if (turnedTrue('Selected'))
      events.push({ kind: 'info', step: this.step, detail: `selected ${targets(ids)}` });
    if (turnedTrue('Paused')) events.push({ kind: 'info', step: this.step, detail: 'paused' });
    if (turnedFalse('Paused')) events.push({ kind: 'info', step: this.step, detail: 'resumed' });
    for (const record of records) {
      for (const event of record.events ?? []) {
        const key = `${record.id} ${event.operation} ${event.timestamp ?? ''} ${event.message ?? ''}`;
        if (event.type !== 'Failed' || this.reportedFailures.has(key)) continue;
        this.reportedFailures.add(key);
        events.push({
          kind: 'info',
          step: this.step,
          detail: `${event.operation} failed on ${record.id}: ${event.message ?? 'no message'}`,
        });
      }
    }
    // With no records yet the controller reports AllInjected (and AllRecovered) True vacuously:
    // nothing is injected until something was selected.
    const injectedNow =
      records.length > 0 &&
      (conditions.get('AllInjected')?.status === true || records.some((r) => (r.injectedCount ?? 0) > 0));
    if (injectedNow && !this.injected) {
      this.injected = true;
      events.push({ kind: 'fault-injected', step: this.step, detail: `injected into ${targets(ids)}` });
    }
    const stopping = status.experiment?.desiredPhase === 'Stop';
    if (this.injected && !this.removed && stopping && conditions.get('AllRecovered')?.status === true) {
      this.removed = true;
      events.push({ kind: 'fault-removed', step: this.step, detail: `recovered ${targets(ids)}` });
    }
    for (const [type, condition] of conditions) this.seen.set(type, condition.status);
    return events;
  }
}
