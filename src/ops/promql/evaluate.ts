import type {
  AggregationOp,
  ComparisonOp,
  Expression,
  Grouping,
  LabelMatcher,
  Series,
  SetOp,
  VectorMatching,
} from './expression.ts';

/** What an expression evaluates to at one instant. */
export type Value = { type: 'scalar'; value: number } | { type: 'vector'; series: Series[] };

/** An evaluation that PromQL itself would reject (many-to-many matching, a scalar where a vector belongs). */
export class EvaluationError extends Error {}

const NAME = '__name__';

/** PromQL's regex matchers are anchored at both ends. */
const anchored = (pattern: string) => new RegExp(`^(?:${pattern})$`);

function matches(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return anchored(matcher.value).test(value);
    case '!~':
      return !anchored(matcher.value).test(value);
  }
}

const COMPARE: Readonly<Record<ComparisonOp, (a: number, b: number) => boolean>> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
};

const AGGREGATE: Readonly<Record<AggregationOp, (values: number[]) => number>> = {
  count: (values) => values.length,
  sum: (values) => values.reduce((a, b) => a + b, 0),
  max: (values) => Math.max(...values),
  min: (values) => Math.min(...values),
};

function withoutName(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([label]) => label !== NAME));
}

/** The labels that pair a sample with samples of the other side. */
function signature(labels: Readonly<Record<string, string>>, matching: VectorMatching | undefined): string {
  const entries = Object.entries(withoutName(labels)).filter(([label]) =>
    !matching
      ? true
      : matching.kind === 'on'
        ? matching.labels.includes(label)
        : !matching.labels.includes(label),
  );
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function vectorOf(value: Value, where: string): Series[] {
  if (value.type !== 'vector') throw new EvaluationError(`${where} needs an instant vector, not a scalar`);
  return value.series;
}

function setOperation(op: SetOp, left: Series[], right: Series[], matching?: VectorMatching): Series[] {
  const rightSignatures = new Set(right.map((s) => signature(s.labels, matching)));
  if (op === 'and') return left.filter((s) => rightSignatures.has(signature(s.labels, matching)));
  if (op === 'unless') return left.filter((s) => !rightSignatures.has(signature(s.labels, matching)));
  const leftSignatures = new Set(left.map((s) => signature(s.labels, matching)));
  return [...left, ...right.filter((s) => !leftSignatures.has(signature(s.labels, matching)))];
}

/** One-to-one comparison of two vectors: the left samples whose match on the right compares true. */
function compareVectors(
  op: ComparisonOp,
  left: Series[],
  right: Series[],
  matching?: VectorMatching,
): Series[] {
  const byRight = new Map<string, Series>();
  for (const s of right) {
    const key = signature(s.labels, matching);
    if (byRight.has(key)) throw new EvaluationError(`many-to-many matching on ${key}`);
    byRight.set(key, s);
  }
  const seen = new Set<string>();
  return left.flatMap((s) => {
    const key = signature(s.labels, matching);
    const other = byRight.get(key);
    if (!other) return [];
    if (seen.has(key)) throw new EvaluationError(`many-to-one matching on ${key} must be explicit`);
    seen.add(key);
    if (!COMPARE[op](s.value, other.value)) return [];
    // One-to-one matching keeps only the on(...) labels, or drops the ignoring(...) ones.
    const labels = !matching
      ? s.labels
      : Object.fromEntries(
          Object.entries(s.labels).filter(([label]) =>
            matching.kind === 'on' ? matching.labels.includes(label) : !matching.labels.includes(label),
          ),
        );
    return [{ labels, value: s.value }];
  });
}

function compare(expression: Extract<Expression, { kind: 'comparison' }>, series: readonly Series[]): Value {
  const left = evaluate(expression.left, series);
  const right = evaluate(expression.right, series);
  const test = COMPARE[expression.op];
  if (left.type === 'vector' && right.type === 'scalar')
    return { type: 'vector', series: left.series.filter((s) => test(s.value, right.value)) };
  if (left.type === 'scalar' && right.type === 'vector')
    return { type: 'vector', series: right.series.filter((s) => test(left.value, s.value)) };
  return {
    type: 'vector',
    series: compareVectors(
      expression.op,
      vectorOf(left, 'a comparison'),
      vectorOf(right, 'a comparison'),
      expression.matching,
    ),
  };
}

function groupLabels(
  labels: Readonly<Record<string, string>>,
  grouping: Grouping | undefined,
): Record<string, string> {
  const rest = withoutName(labels);
  if (!grouping) return {};
  return Object.fromEntries(
    Object.entries(rest).filter(([label]) =>
      grouping.kind === 'by' ? grouping.labels.includes(label) : !grouping.labels.includes(label),
    ),
  );
}

function aggregate(
  expression: Extract<Expression, { kind: 'aggregation' }>,
  series: readonly Series[],
): Value {
  const groups = new Map<string, { labels: Record<string, string>; values: number[] }>();
  for (const s of vectorOf(evaluate(expression.argument, series), expression.op)) {
    const labels = groupLabels(s.labels, expression.grouping);
    const key = signature(labels, undefined);
    const group = groups.get(key) ?? { labels, values: [] };
    group.values.push(s.value);
    groups.set(key, group);
  }
  return {
    type: 'vector',
    series: [...groups.values()].map((group) => ({
      labels: group.labels,
      value: AGGREGATE[expression.op](group.values),
    })),
  };
}

/** absent(): one sample valued 1 when its argument is empty, labelled by the selector's `=` matchers. */
function absent(argument: Expression, series: readonly Series[]): Value {
  if (vectorOf(evaluate(argument, series), 'absent()').length > 0) return { type: 'vector', series: [] };
  const labels: Record<string, string> = {};
  if (argument.kind === 'selector') {
    const equal = argument.matchers.filter((m) => m.op === '=' && m.label !== NAME);
    for (const m of equal)
      if (equal.filter((other) => other.label === m.label).length === 1) labels[m.label] = m.value;
  }
  return { type: 'vector', series: [{ labels, value: 1 }] };
}

function labelReplace(
  expression: Extract<Expression, { kind: 'label_replace' }>,
  series: readonly Series[],
): Value {
  const regex = anchored(expression.regex);
  return {
    type: 'vector',
    series: vectorOf(evaluate(expression.argument, series), 'label_replace()').map((s) => {
      const match = regex.exec(s.labels[expression.source] ?? '');
      if (!match) return s;
      const value = expression.replacement.replace(
        /\$(\d+)|\$\{(\d+)\}/g,
        (_, a?: string, b?: string) => match[Number(a ?? b)] ?? '',
      );
      const labels: Record<string, string> = { ...s.labels, [expression.destination]: value };
      if (value === '') delete labels[expression.destination];
      return { labels, value: s.value };
    }),
  };
}

/** Evaluates `expression` over one instant's series (each with its `__name__`). */
export function evaluate(expression: Expression, series: readonly Series[]): Value {
  switch (expression.kind) {
    case 'number':
      return { type: 'scalar', value: expression.value };
    case 'selector':
      return {
        type: 'vector',
        series: series.filter(
          (s) =>
            s.labels[NAME] === expression.metric &&
            expression.matchers.every((m) => matches(m, s.labels[m.label] ?? '')),
        ),
      };
    case 'comparison':
      return compare(expression, series);
    case 'set': {
      const left = vectorOf(evaluate(expression.left, series), expression.op);
      const right = vectorOf(evaluate(expression.right, series), expression.op);
      return { type: 'vector', series: setOperation(expression.op, left, right, expression.matching) };
    }
    case 'aggregation':
      return aggregate(expression, series);
    case 'absent':
      return absent(expression.argument, series);
    case 'vector': {
      const value = evaluate(expression.argument, series);
      if (value.type !== 'scalar') throw new EvaluationError('vector() needs a scalar');
      return { type: 'vector', series: [{ labels: {}, value: value.value }] };
    }
    case 'label_replace':
      return labelReplace(expression, series);
  }
}

/** The vector selectors an expression reads, outermost first. */
export function selectorsOf(expression: Expression): Extract<Expression, { kind: 'selector' }>[] {
  switch (expression.kind) {
    case 'number':
      return [];
    case 'selector':
      return [expression];
    case 'comparison':
    case 'set':
      return [...selectorsOf(expression.left), ...selectorsOf(expression.right)];
    default:
      return selectorsOf(expression.argument);
  }
}
