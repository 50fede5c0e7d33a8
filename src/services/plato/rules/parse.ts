import { PATH_ROOTS, type CompareOperator, type ConditionNode, type Literal, type PathRoot } from './ast.ts';
import { FORBIDDEN_SEGMENTS, MAX_NESTING_DEPTH } from './limits.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';
import { tokenize, type Token } from './tokenize.ts';

const COMPARE_OPERATORS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const WORD_OPERATORS: ReadonlySet<string> = new Set(['contains', 'startsWith']);
// A Map, not an object literal: `'constructor' in {}` is true, and a keyword lookup must never be.
const LITERAL_WORDS: ReadonlyMap<string, Literal> = new Map<string, Literal>([
  ['true', true],
  ['false', false],
  ['null', null],
]);

/**
 * Parses a condition into its syntax tree (grammar in README.md): a recursive-descent parser
 * over the tokens, bounded in length and nesting. Throws RuleSyntaxError naming the offset.
 */
export function parseCondition(source: string): ConditionNode {
  const parser = new Parser(tokenize(source));
  if (parser.peek().kind === 'end') throw new RuleSyntaxError('empty condition', 0);
  const node = parser.condition();
  const rest = parser.peek();
  if (rest.kind !== 'end')
    throw new RuleSyntaxError(`unexpected ${describe(rest)} after the end of the condition`, rest.position);
  return node;
}

class Parser {
  readonly #tokens: readonly Token[];
  #at = 0;
  #depth = 0;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  peek(): Token {
    return this.#tokens[this.#at] as Token;
  }

  /** condition := or, and must be able to yield a boolean. */
  condition(): ConditionNode {
    return booleanish(this.#or());
  }

  #next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.#at += 1;
    return token;
  }

  #isOperator(text: string): boolean {
    const token = this.peek();
    return token.kind === 'operator' && token.text === text;
  }

  #expect(kind: Token['kind'], what: string): Token {
    const token = this.peek();
    if (token.kind !== kind)
      throw new RuleSyntaxError(`expected ${what}, found ${describe(token)}`, token.position);
    return this.#next();
  }

  /** or := and ("||" and)* */
  #or(): ConditionNode {
    const first = this.#and();
    if (!this.#isOperator('||')) return first;
    const operands = [booleanish(first)];
    while (this.#isOperator('||')) {
      this.#next();
      operands.push(booleanish(this.#and()));
    }
    return { kind: 'or', operands, position: first.position };
  }

  /** and := unary ("&&" unary)* */
  #and(): ConditionNode {
    const first = this.#unary();
    if (!this.#isOperator('&&')) return first;
    const operands = [booleanish(first)];
    while (this.#isOperator('&&')) {
      this.#next();
      operands.push(booleanish(this.#unary()));
    }
    return { kind: 'and', operands, position: first.position };
  }

  /** unary := "!" unary | comparison — `!` applies to the whole comparison after it, as SQL's NOT does. */
  #unary(): ConditionNode {
    if (!this.#isOperator('!')) return this.#comparison();
    const bang = this.#next();
    return this.#nested(bang, () => ({
      kind: 'not',
      operand: booleanish(this.#unary()),
      position: bang.position,
    }));
  }

  /** comparison := operand [ compare-operator operand | "in" list ] */
  #comparison(): ConditionNode {
    const left = this.#operand();
    const token = this.peek();
    let node: ConditionNode = left;
    if (token.kind === 'word' && token.text === 'in') {
      this.#next();
      node = { kind: 'in', operand: left, items: this.#list(), position: left.position };
    } else if (isCompareOperator(token)) {
      this.#next();
      node = {
        kind: 'compare',
        operator: token.text as CompareOperator,
        left,
        right: this.#operand(),
        position: left.position,
      };
    } else {
      return left;
    }
    const after = this.peek();
    if (isCompareOperator(after) || (after.kind === 'word' && after.text === 'in')) {
      throw new RuleSyntaxError(`comparisons do not chain; use parentheses and '&&'`, after.position);
    }
    return node;
  }

  /** operand := literal | path | "(" or ")" */
  #operand(): ConditionNode {
    const token = this.peek();
    if (token.kind === '(') {
      this.#next();
      return this.#nested(token, () => {
        const inner = this.#or();
        this.#expect(')', "')'");
        return inner;
      });
    }
    if (token.kind === 'string' || token.kind === 'number')
      return { kind: 'literal', value: this.#literal(), position: token.position };
    if (token.kind === 'word') {
      if (LITERAL_WORDS.has(token.text))
        return { kind: 'literal', value: this.#literal(), position: token.position };
      return this.#path();
    }
    throw new RuleSyntaxError(`expected a value, a path or '(', found ${describe(token)}`, token.position);
  }

  /** path := root ("." segment)* */
  #path(): ConditionNode {
    const rootToken = this.#next();
    if (!(PATH_ROOTS as readonly string[]).includes(rootToken.text)) {
      throw new RuleSyntaxError(
        `unknown name '${rootToken.text}'; a path starts with ${PATH_ROOTS.join(', ')}`,
        rootToken.position,
      );
    }
    const segments: string[] = [];
    while (this.peek().kind === '.') {
      this.#next();
      const segment = this.#expect('word', 'a name after "."');
      if (FORBIDDEN_SEGMENTS.has(segment.text)) {
        throw new RuleSyntaxError(`'${segment.text}' is not allowed in a path`, segment.position);
      }
      segments.push(segment.text);
    }
    return { kind: 'path', root: rootToken.text as PathRoot, segments, position: rootToken.position };
  }

  /** list := "[" [literal ("," literal)*] "]" */
  #list(): Literal[] {
    this.#expect('[', "'[' to start the list after 'in'");
    const items: Literal[] = [];
    if (this.peek().kind === ']') {
      this.#next();
      return items;
    }
    for (;;) {
      items.push(this.#literal());
      if (this.peek().kind === ']') {
        this.#next();
        return items;
      }
      this.#expect(',', "',' or ']'");
    }
  }

  /** literal := string | number | true | false | null */
  #literal(): Literal {
    const token = this.#next();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return token.number as number;
    if (token.kind === 'word' && LITERAL_WORDS.has(token.text))
      return LITERAL_WORDS.get(token.text) as Literal;
    throw new RuleSyntaxError(
      `expected a literal (string, number, true, false or null), found ${describe(token)}`,
      token.position,
    );
  }

  /** Runs `parse` one nesting level deeper, refusing to go past the limit. */
  #nested(opener: Token, parse: () => ConditionNode): ConditionNode {
    this.#depth += 1;
    if (this.#depth > MAX_NESTING_DEPTH) {
      throw new RuleSyntaxError(`nesting deeper than ${MAX_NESTING_DEPTH} levels`, opener.position);
    }
    const node = parse();
    this.#depth -= 1;
    return node;
  }
}

/** Refuses operands that can never be a condition (a number, a string or null on its own). */
function booleanish(node: ConditionNode): ConditionNode {
  if (node.kind === 'literal' && typeof node.value !== 'boolean') {
    throw new RuleSyntaxError(
      `expected a condition, found the literal ${JSON.stringify(node.value)}`,
      node.position,
    );
  }
  return node;
}

function isCompareOperator(token: Token): boolean {
  return (
    (token.kind === 'operator' && COMPARE_OPERATORS.has(token.text)) ||
    (token.kind === 'word' && WORD_OPERATORS.has(token.text))
  );
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the condition';
  if (token.kind === 'string') return `the string ${JSON.stringify(token.text)}`;
  return `'${token.text}'`;
}
