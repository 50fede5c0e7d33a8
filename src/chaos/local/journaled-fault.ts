import type { Clock } from '../../kit/time/index.ts';
import type { ActiveFault, Proof } from '../fault/index.ts';
import { ChaosCleanupError } from './chaos-local-error.ts';
import { readEntry, recordUndo, removeEntry, type Undo } from './journal/journal.ts';
import { remainingSteps, undoSteps } from './journal/undo.ts';

/** A fault's journal entry as its injector fills it: every step is on disk before it is applied. */
export class FaultRecord {
  readonly stateDir: string;
  readonly id: string;
  readonly #steps: Undo[] = [];

  constructor(stateDir: string, id: string) {
    this.stateDir = stateDir;
    this.id = id;
  }

  /** Journals undo steps (and notes), durably; apply them only after this returns. */
  record(steps: readonly Undo[], notes: readonly string[] = []): void {
    recordUndo(this.stateDir, this.id, steps, notes);
    this.#steps.push(...steps);
  }

  /** The steps recorded so far, oldest first. */
  steps(): readonly Undo[] {
    return this.#steps;
  }

  /** Undoes every step, proves none remains, then drops the entry; leftovers → ChaosCleanupError. */
  async undo(clock: Clock): Promise<void> {
    await undoSteps(this.stateDir, this.#steps, clock);
    const remains = await remainingSteps(this.stateDir, this.#steps);
    if (remains.length > 0) throw new ChaosCleanupError(remains);
    removeEntry(this.stateDir, this.id);
  }

  /** What of the fault is still in place, the journal entry included. */
  async remains(): Promise<string[]> {
    const remains = await remainingSteps(this.stateDir, this.#steps);
    if (readEntry(this.stateDir, this.id)) remains.push(`journal entry ${this.id}`);
    return remains;
  }
}

/** The parts of an ActiveFault that differ by kind; undo and the proof of it come from the record. */
export interface FaultParts {
  description: string;
  differences: string[];
  proveBites(): Promise<Proof>;
  /** A check beyond "nothing remains", e.g. traffic flows again. */
  proveRestored?(): Promise<Proof>;
}

/** An ActiveFault whose recover and proveGone are its journal record's. */
export function journaledFault(record: FaultRecord, clock: Clock, parts: FaultParts): ActiveFault {
  return {
    id: record.id,
    description: parts.description,
    differences: parts.differences,
    proveBites: () => parts.proveBites(),
    recover: () => record.undo(clock),
    async proveGone() {
      const remains = await record.remains();
      if (remains.length > 0) return { ok: false, detail: `still in place: ${remains.join('; ')}` };
      const restored = await parts.proveRestored?.();
      if (restored && !restored.ok) return restored;
      const steps = record.steps().length;
      return {
        ok: true,
        detail: `nothing of ${record.id} remains (${steps} step${steps === 1 ? '' : 's'} undone)${restored ? `; ${restored.detail}` : ''}`,
      };
    },
  };
}
