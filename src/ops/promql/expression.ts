/** A label matcher of a vector selector: `=`, `!=`, `=~` or `!~` against a value. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** Which labels pair two vectors' samples: all but the name, only `on(...)`, or all but `ignoring(...)`. */
export interface VectorMatching {
  kind: 'on' | 'ignoring';
  labels: readonly string[];
}

/** Which labels an aggregation keeps: only `by(...)`, or all but `without(...)`. */
export interface Grouping {
  kind: 'by' | 'without';
  labels: readonly string[];
}

/** The comparison operators, which filter (no `bool`). */
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';

/** The set operators. */
export type SetOp = 'and' | 'or' | 'unless';

/** The aggregations status evaluates. */
export type AggregationOp = 'count' | 'max' | 'min' | 'sum';

/** A PromQL expression of the subset status evaluates (docs/alerts.md lists it). */
export type Expression =
  | { kind: 'number'; value: number }
  | { kind: 'selector'; metric: string; matchers: readonly LabelMatcher[] }
  | { kind: 'comparison'; op: ComparisonOp; left: Expression; right: Expression; matching?: VectorMatching }
  | { kind: 'set'; op: SetOp; left: Expression; right: Expression; matching?: VectorMatching }
  | { kind: 'aggregation'; op: AggregationOp; grouping?: Grouping; argument: Expression }
  | { kind: 'absent'; argument: Expression }
  | { kind: 'vector'; argument: Expression }
  | {
      kind: 'label_replace';
      argument: Expression;
      destination: string;
      replacement: string;
      source: string;
      regex: string;
    };

/** One sample of an instant vector: its labels (the metric name as `__name__`) and value. */
export interface Series {
  labels: Readonly<Record<string, string>>;
  value: number;
}
