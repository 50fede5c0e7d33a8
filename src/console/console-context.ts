import type { Clock } from '../kit/time/index.ts';
import type { AlertRule } from '../ops/status/index.ts';
import type { NowFeed } from './now-feed.ts';

/** What every route of the console works with. */
export interface ConsoleContext {
  stateDir: string;
  target: 'local' | 'k8s';
  clock: Clock;
  rules: readonly AlertRule[];
  /** Where suites' run records are (the CLI's reports/chaos unless told otherwise). */
  reportsDir: string;
  /** The experiment folders: ours first, then the user's. */
  experimentDirs: readonly string[];
  feed: NowFeed;
}
