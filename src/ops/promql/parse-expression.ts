import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import type {
  AggregationOp,
  ComparisonOp,
  Expression,
  Grouping,
  LabelMatcher,
  SetOp,
  VectorMatching,
} from './expression.ts';
import { UnsupportedExpressionError } from './unsupported-expression.ts';

const COMPARISONS: Readonly<Record<string, ComparisonOp>> = {
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
};
const SET_OPS: Readonly<Record<string, SetOp>> = { And: 'and', Or: 'or', Unless: 'unless' };
const AGGREGATIONS: Readonly<Record<string, AggregationOp>> = {
  Count: 'count',
  Max: 'max',
  Min: 'min',
  Sum: 'sum',
};
const MATCH_OPS: Readonly<Record<string, LabelMatcher['op']>> = {
  EqlSingle: '=',
  Neq: '!=',
  EqlRegex: '=~',
  NeqRegex: '!~',
};
/** How a refusal names the constructs of PromQL outside the subset. */
const CONSTRUCTS: Readonly<Record<string, string>> = {
  MatrixSelector: 'the range selector',
  SubqueryExpr: 'the subquery',
  OffsetExpr: 'the offset modifier',
  StepInvariantExpr: 'the @ modifier',
  UnaryExpr: 'the unary operator',
  StringLiteral: 'the string literal',
};
/** Syntax nodes that only carry punctuation or a keyword already read by the parent. */
const OPERATOR_NODES = new Set([...Object.keys(COMPARISONS), ...Object.keys(SET_OPS)]);

/** Reads one expression; `refuse` names the construct that is outside the subset. */
type Refuse = (construct: string) => never;

const children = (node: SyntaxNode): SyntaxNode[] => {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
};

/** PromQL's string literals: "…" and '…' with Go escapes, `…` raw. */
function unquote(text: string): string {
  if (text.startsWith('`')) return text.slice(1, -1);
  const body = text.slice(1, -1);
  const doubleQuoted = text.startsWith("'") ? body.replace(/\\'/g, "'").replace(/"/g, '\\"') : body;
  return JSON.parse(`"${doubleQuoted}"`) as string;
}

/** Parses a rule's expression into the subset status evaluates, refusing anything else by name. */
export function parseExpression(rule: string, text: string): Expression {
  const refuse: Refuse = (construct) => {
    throw new UnsupportedExpressionError(rule, construct, text);
  };
  const source = (node: SyntaxNode) => text.slice(node.from, node.to);
  let broken: SyntaxNode | undefined;
  const tree = parser.parse(text);
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError && !broken) broken = ref.node;
    },
  });
  if (broken) refuse(`a syntax error at offset ${broken.from}`);
  const top = tree.topNode.firstChild;
  if (!top) return refuse('an empty expression');
  return new ExpressionReader(refuse, source).read(top);
}

class ExpressionReader {
  private readonly refuse: Refuse;
  private readonly source: (node: SyntaxNode) => string;

  constructor(refuse: Refuse, source: (node: SyntaxNode) => string) {
    this.refuse = refuse;
    this.source = source;
  }

  read(node: SyntaxNode): Expression {
    switch (node.name) {
      case 'ParenExpr':
        return this.read(this.only(node));
      case 'NumberDurationLiteral':
        return this.number(node);
      case 'VectorSelector':
        return this.selector(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'AggregateExpr':
        return this.aggregation(node);
      case 'FunctionCall':
        return this.call(node);
      default:
        return this.refuse(`${CONSTRUCTS[node.name] ?? node.name} \`${this.source(node)}\``);
    }
  }

  private only(node: SyntaxNode): SyntaxNode {
    const [inner, ...rest] = children(node);
    if (!inner || rest.length > 0) return this.refuse(`\`${this.source(node)}\``);
    return inner;
  }

  private number(node: SyntaxNode): Expression {
    const text = this.source(node);
    const value = Number(text);
    // Newer PromQL lets a duration stand for its seconds; the rules use plain numbers.
    if (Number.isNaN(value) && !/^[+-]?nan$/i.test(text)) this.refuse(`the duration literal \`${text}\``);
    return { kind: 'number', value };
  }

  private selector(node: SyntaxNode): Expression {
    const [identifier, matchers, ...rest] = children(node);
    if (identifier?.name !== 'Identifier' || rest.length > 0)
      return this.refuse(`the selector \`${this.source(node)}\` (a metric name is required)`);
    return {
      kind: 'selector',
      metric: this.source(identifier),
      matchers: matchers ? children(matchers).map((m) => this.matcher(m)) : [],
    };
  }

  private matcher(node: SyntaxNode): LabelMatcher {
    const [name, op, value] = children(node);
    const matchOp = op ? MATCH_OPS[op.firstChild?.name ?? ''] : undefined;
    if (node.name !== 'UnquotedLabelMatcher' || name?.name !== 'LabelName' || !matchOp || !value)
      return this.refuse(`the label matcher \`${this.source(node)}\``);
    return { label: this.source(name), op: matchOp, value: unquote(this.source(value)) };
  }

  private binary(node: SyntaxNode): Expression {
    const parts = children(node);
    const [left, operator] = parts;
    const right = parts.at(-1);
    const modifier = parts.find((part) => part.name === 'MatchingModifierClause');
    if (parts.some((part) => part.name === 'BoolModifier')) this.refuse('the bool modifier');
    const matching = modifier ? this.matching(modifier) : undefined;
    const comparison = COMPARISONS[operator?.name ?? ''];
    const setOp = SET_OPS[operator?.name ?? ''];
    if (!left || !right || !OPERATOR_NODES.has(operator!.name) || (!comparison && !setOp))
      return this.refuse(`the operator \`${operator ? this.source(operator) : '?'}\``);
    const [l, r] = [this.read(left), this.read(right)];
    if (comparison) {
      if (l.kind === 'number' && r.kind === 'number')
        this.refuse('a comparison of two numbers (PromQL needs bool there)');
      return { kind: 'comparison', op: comparison, left: l, right: r, ...(matching ? { matching } : {}) };
    }
    return { kind: 'set', op: setOp!, left: l, right: r, ...(matching ? { matching } : {}) };
  }

  private matching(node: SyntaxNode): VectorMatching {
    const [keyword, labels, ...rest] = children(node);
    if (rest.length > 0) this.refuse(`\`${this.source(rest[0]!)}\``);
    return {
      kind: keyword?.name === 'On' ? 'on' : 'ignoring',
      labels: labels ? this.labelNames(labels) : [],
    };
  }

  private labelNames(node: SyntaxNode): string[] {
    return children(node).map((label) =>
      label.name === 'LabelName' ? this.source(label) : this.refuse(`the label \`${this.source(label)}\``),
    );
  }

  private aggregation(node: SyntaxNode): Expression {
    const parts = children(node);
    const opNode = parts.find((part) => part.name === 'AggregateOp')?.firstChild;
    const op = AGGREGATIONS[opNode?.name ?? ''];
    if (!op) return this.refuse(`the aggregation \`${opNode ? this.source(opNode) : '?'}\``);
    const body = children(parts.find((part) => part.name === 'FunctionCallBody')!);
    if (body.length !== 1) this.refuse(`${op} with ${body.length} arguments`);
    const modifier = parts.find((part) => part.name === 'AggregateModifier');
    return {
      kind: 'aggregation',
      op,
      argument: this.read(body[0]!),
      ...(modifier ? { grouping: this.grouping(modifier) } : {}),
    };
  }

  private grouping(node: SyntaxNode): Grouping {
    const [keyword, labels] = children(node);
    return { kind: keyword?.name === 'By' ? 'by' : 'without', labels: labels ? this.labelNames(labels) : [] };
  }

  private call(node: SyntaxNode): Expression {
    const [identifier, body] = children(node);
    const name = identifier?.firstChild?.name;
    const args = body ? children(body) : [];
    const string = (arg: SyntaxNode | undefined) =>
      arg?.name === 'StringLiteral' ? unquote(this.source(arg)) : this.refuse(`label_replace's arguments`);
    if ((name === 'Absent' || name === 'Vector') && args.length === 1)
      return { kind: name === 'Absent' ? 'absent' : 'vector', argument: this.read(args[0]!) };
    if (name === 'LabelReplace' && args.length === 5)
      return {
        kind: 'label_replace',
        argument: this.read(args[0]!),
        destination: string(args[1]),
        replacement: string(args[2]),
        source: string(args[3]),
        regex: string(args[4]),
      };
    return this.refuse(`the function \`${identifier ? this.source(identifier) : '?'}\``);
  }
}
