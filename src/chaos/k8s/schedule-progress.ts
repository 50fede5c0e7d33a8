import { z } from 'zod';
import type { KubeObject, ProgressEvent, ResourceProgress } from './kube-object.ts';

const scheduleStatusSchema = z.looseObject({
  active: z
    .array(z.looseObject({ kind: z.string().optional(), name: z.string() }))
    .optional()
    .catch(undefined),
});

/** Progress of a Schedule: each chaos object it spawns. A Schedule never finishes by itself; the run's time window ends it. */
export class ScheduleProgress implements ResourceProgress {
  private readonly step: string;
  private readonly spawned = new Set<string>();

  constructor(step: string) {
    this.step = step;
  }

  get finished(): boolean {
    return false;
  }

  /** Whatever it spawned may still be injected; only deleting the Schedule (foreground) ends it for sure. */
  get faultActive(): boolean {
    return this.spawned.size > 0;
  }

  observe(object: KubeObject): ProgressEvent[] {
    const active = scheduleStatusSchema.safeParse(object.status ?? {}).data?.active ?? [];
    const events: ProgressEvent[] = [];
    for (const ref of active) {
      if (this.spawned.has(ref.name)) continue;
      this.spawned.add(ref.name);
      events.push({
        kind: 'info',
        step: this.step,
        detail: `schedule spawned ${ref.kind ?? 'chaos'} ${ref.name}`,
      });
    }
    return events;
  }
}
