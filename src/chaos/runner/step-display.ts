import { formatDuration } from '../../kit/time/index.ts';
import type { RunEvent } from '../report/index.ts';

const MARKS: Readonly<Record<RunEvent['kind'], string>> = {
  'step-start': '▶',
  'step-end': '✓',
  'fault-injected': '⚡',
  'fault-bites': '🦷',
  detected: '👁',
  'fault-removed': '↺',
  'fault-gone': '∅',
  recovered: '♥',
  'probe-failed': '✗',
  info: '·',
};

/** One event as a line: time since the run started, a mark, the step and what happened. */
export function eventLine(event: RunEvent, startedAt: number): string {
  const at = `+${formatDuration(Math.max(0, event.at - startedAt))}`.padStart(8);
  const step = event.step ? `${event.step}: ` : '';
  const mark = event.kind === 'step-end' && event.detail.startsWith('FAILED') ? '✗' : MARKS[event.kind];
  return `${at} ${mark} ${event.kind.padEnd(14)} ${step}${event.detail}`;
}

/** Where the display writes. */
export interface DisplayStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * The live step display. Plain lines everywhere (CI logs read well); on a terminal also a status
 * line under them, redrawn each second, naming the steps running now and the elapsed time.
 */
export class StepDisplay {
  readonly #out: DisplayStream;
  readonly #running = new Set<string>();
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #title = '';

  constructor(out: DisplayStream) {
    this.#out = out;
  }

  /** Starts the display of one experiment. */
  begin(title: string, startedAt: number): void {
    this.#title = title;
    this.#startedAt = startedAt;
    this.#running.clear();
    this.#out.write(`── ${title}\n`);
    if (this.#out.isTTY) {
      this.#timer = setInterval(() => this.#status(), 1000);
      this.#timer.unref();
    }
  }

  /** Shows one event. */
  event(event: RunEvent): void {
    if (event.kind === 'step-start' && event.step) this.#running.add(event.step);
    if (event.kind === 'step-end' && event.step) this.#running.delete(event.step);
    this.#clearStatus();
    this.#out.write(`${eventLine(event, this.#startedAt)}\n`);
    this.#status();
  }

  /** Ends the experiment's display. */
  end(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#clearStatus();
  }

  #status(): void {
    if (!this.#out.isTTY) return;
    const running = [...this.#running].join(', ') || 'between steps';
    const elapsed = formatDuration(Date.now() - this.#startedAt);
    this.#out.write(`\r\x1b[K\x1b[2m${this.#title} · ${elapsed} · running: ${running}\x1b[0m`);
  }

  #clearStatus(): void {
    if (this.#out.isTTY) this.#out.write('\r\x1b[K');
  }
}
