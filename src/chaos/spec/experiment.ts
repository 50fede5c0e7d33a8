/**
 * The chaos engine's model of an experiment: what a Chaos Mesh resource (`chaos-mesh.org/v1alpha1`)
 * means once parsed and validated. Runtimes (local, Kubernetes), the runner and the reports all
 * build on these types; the raw manifest is kept so Kubernetes gets it unchanged.
 */

import type { Fault } from '../kinds/index.ts';

export type { PodSelector, SelectorMode } from '../selectors/index.ts';
export type {
  Fault,
  FaultKind,
  NetworkChaosAction,
  NetworkDirection,
  PodChaosAction,
} from '../kinds/index.ts';

/** Where something was written: the file and its 1-based line. */
export interface SourceRef {
  file: string;
  line: number;
}

/** One node of an experiment's step tree (a Workflow template, or the single fault of a plain chaos). */
export type Step =
  | { type: 'Serial' | 'Parallel'; name: string; deadlineMs?: number; children: Step[]; source: SourceRef }
  | { type: 'Suspend'; name: string; deadlineMs: number; source: SourceRef }
  | { type: 'Task'; name: string; deadlineMs?: number; image?: string; command: string[]; source: SourceRef }
  | {
      type: 'StatusCheck';
      name: string;
      deadlineMs?: number;
      source: SourceRef;
      mode: 'Synchronous' | 'Continuous';
      intervalMs: number;
      timeoutMs: number;
      failureThreshold: number;
      successThreshold: number;
      abortWithStatusCheck: boolean;
      http: {
        url: string;
        method: 'GET' | 'POST';
        body?: string;
        headers: Record<string, string>;
        statusCodes: number[];
      };
    }
  | { type: 'Fault'; name: string; deadlineMs?: number; fault: Fault; source: SourceRef };

/** A step's type. */
export type StepType = Step['type'];

/** One HTTP probe of the steady state. */
export interface HttpProbe {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: unknown;
  /** Accepted statuses; anything else is a violation. */
  statuses: number[];
  /** Optional JSON-path-like check on the body, e.g. `$.status` equals 'UP'. */
  json?: { path: string; equals?: unknown; oneOf?: unknown[] }[];
  phases: ('before' | 'during' | 'after')[];
  /**
   * Polled while the fault is active too: its first failure then is the fault's detection
   * (e.g. `$.details.nodesUp` equals 3 on `/actuator/health/cassandra`), not a violation.
   */
  detection?: boolean;
}

/** The workloads the runner can drive in the background. */
export type WorkloadKind = 'capsule-writes' | 'synapse-actions' | 'plato-policies';

/** Machine-checkable pass criteria (from the `chaos.butterfly.dev/criteria` annotation, YAML text). */
export interface Criteria {
  probes: HttpProbe[];
  /** Background writes recorded in a ledger and read back after recovery. */
  workload?: { kind: WorkloadKind; ratePerSecond: number; tenant: string };
  maxLostWrites: number;
  maxDuplicatedWrites: number;
  /** Fault injected → first detection (a probe or health component reporting the fault). */
  detectionBudgetMs: number;
  /** Fault removed → every `after` probe passing. */
  recoveryBudgetMs: number;
  /** Statuses the workload may see while the fault is active (e.g. [201, 202, 503]); others fail the run. */
  allowedStatusesDuringFault: number[];
  /**
   * Pairs of JSON values that must be equal after recovery (the runbook's CAPSULE vs ODYSSEY
   * counts); each side is a GET and a `$.a.b` path, `length` counting an array.
   */
  consistency?: ConsistencyCheck[];
}

/** One side of a consistency check: a GET and the value at a path of its JSON body. */
export interface ConsistencySide {
  url: string;
  headers: Record<string, string>;
  /** `$.content.length` style; a trailing `.length` counts an array. */
  path: string;
}

/** Two values that must agree once the system has recovered (within `withinMs`). */
export interface ConsistencyCheck {
  name: string;
  left: ConsistencySide;
  right: ConsistencySide;
  /** How long after the fault is removed they may still differ (e.g. an outbox draining). */
  withinMs: number;
}

/** The Chaos Mesh kinds an experiment file's document can be. */
export type ExperimentKind = 'PodChaos' | 'NetworkChaos' | 'StressChaos' | 'Workflow' | 'Schedule';

/** One derived criterion and the words (or rule) it came from, as `chaos plan` prints them. */
export interface Derivation {
  criterion: string;
  from: string;
}

/** The user's own metadata (`chaos.butterfly.io/*` labels and annotations), kept for plans and reports. */
export interface UserMetadata {
  description?: string;
  passCriteria?: string;
  severity?: string;
  failureMode?: string;
  runbook?: string;
}

/** One validated experiment: a document of a file under chaos/experiments. */
export interface Experiment {
  /** `<file stem>` or `<file stem>/<metadata.name>` when a file holds several documents (variants). */
  name: string;
  file: string;
  category: string;
  /** The raw object, applied unchanged on Kubernetes. */
  manifest: Record<string, unknown>;
  kind: ExperimentKind;
  root: Step;
  schedule?: { cron: string };
  criteria: Criteria;
  /** How the criteria were derived from the user's words; absent when the file has `chaos.butterfly.dev/criteria`. */
  derivation?: Derivation[];
  user?: UserMetadata;
  source: SourceRef;
}
