import { z } from 'zod';
import {
  conditionSchema,
  conditionsByType,
  type KubeObject,
  type ProgressEvent,
  type ResourceProgress,
} from './kube-object.ts';

const workflowStatusSchema = z.looseObject({
  conditions: z.array(conditionSchema).optional().catch(undefined),
});

/** Progress of a Workflow object itself: scheduled, then accomplished (its nodes are tracked by WorkflowNodeProgress). */
export class WorkflowProgress implements ResourceProgress {
  private readonly name: string;
  private scheduled = false;
  private accomplished = false;

  constructor(name: string) {
    this.name = name;
  }

  get finished(): boolean {
    return this.accomplished;
  }

  /** The workflow's faults are tracked per node (WorkflowNodeProgress). */
  get faultActive(): boolean {
    return false;
  }

  observe(object: KubeObject): ProgressEvent[] {
    const conditions = conditionsByType(workflowStatusSchema.safeParse(object.status ?? {}).data?.conditions);
    const events: ProgressEvent[] = [];
    if (!this.scheduled && conditions.get('Scheduled')?.status === true) {
      this.scheduled = true;
      events.push({ kind: 'info', step: this.name, detail: 'workflow scheduled' });
    }
    if (!this.accomplished && conditions.get('Accomplished')?.status === true) {
      this.accomplished = true;
      events.push({ kind: 'info', step: this.name, detail: 'workflow accomplished' });
    }
    return events;
  }
}

const workflowNodeSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  spec: z.looseObject({ templateName: z.string(), type: z.string() }),
  status: z
    .looseObject({
      conditions: z.array(conditionSchema).optional(),
      chaosResource: z.looseObject({ kind: z.string(), name: z.string() }).optional(),
    })
    .optional()
    .catch(undefined),
});

interface NodeState {
  template: string;
  type: string;
  injected: boolean;
  ended: boolean;
  aborted: boolean;
}

/**
 * Step start/end from a Workflow's WorkflowNode objects (label `chaos-mesh.org/workflow`):
 * a node appearing is its step starting; `Accomplished` or `DeadlineExceed` is its end (a
 * chaos or Suspend node ends by its deadline); `ChaosInjected` is its fault injected.
 */
export class WorkflowNodeProgress {
  private readonly nodes = new Map<string, NodeState>();

  /** Some chaos node was injected and has not ended. */
  get faultActive(): boolean {
    return [...this.nodes.values()].some((node) => node.injected && !node.ended);
  }

  /** Feeds one watch event about a node; returns the step events it means. */
  observe(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): ProgressEvent[] {
    const parsed = workflowNodeSchema.safeParse(object);
    if (!parsed.success) return [];
    const node = parsed.data;
    const events: ProgressEvent[] = [];
    let state = this.nodes.get(node.metadata.name);
    if (!state) {
      state = {
        template: node.spec.templateName,
        type: node.spec.type,
        injected: false,
        ended: false,
        aborted: false,
      };
      this.nodes.set(node.metadata.name, state);
      events.push({
        kind: 'step-start',
        step: state.template,
        detail: `${state.type} step started (${node.metadata.name})`,
      });
    }
    const conditions = conditionsByType(node.status?.conditions);
    const step = state.template;
    if (!state.injected && conditions.get('ChaosInjected')?.status === true) {
      state.injected = true;
      const resource = node.status?.chaosResource;
      events.push({
        kind: 'fault-injected',
        step,
        detail: `${state.type} injected${resource ? ` (${resource.kind} ${resource.name})` : ''}`,
      });
    }
    if (!state.aborted && conditions.get('Aborted')?.status === true) {
      state.aborted = true;
      events.push({
        kind: 'probe-failed',
        step,
        detail: `step aborted: ${conditions.get('Aborted')?.reason ?? 'no reason given'}`,
      });
    }
    const end =
      conditions.get('Accomplished')?.status === true
        ? 'accomplished'
        : conditions.get('DeadlineExceed')?.status === true
          ? 'deadline reached'
          : type === 'DELETED'
            ? 'node deleted before it ended'
            : undefined;
    if (!state.ended && end !== undefined) {
      state.ended = true;
      if (state.injected)
        events.push({
          kind: 'fault-removed',
          step,
          detail: `${state.type} step over; Chaos Mesh recovers its chaos`,
        });
      events.push({ kind: 'step-end', step, detail: `${state.type} step ${end}` });
    }
    return events;
  }
}
