import { MAX_CONDITION_LENGTH, MAX_IDENTIFIER_LENGTH } from './limits.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';

/** What a token is. Words are identifiers and keywords alike; the parser tells them apart. */
export type TokenKind = 'word' | 'string' | 'number' | 'operator' | '(' | ')' | '[' | ']' | ',' | '.' | 'end';

/** One token of a condition. */
export interface Token {
  kind: TokenKind;
  /** The source text of the token (the decoded value for strings). */
  text: string;
  /** The value of a number token. */
  number?: number;
  position: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!'] as const;
const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '.']);
const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ['"', '"'],
  ["'", "'"],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
]);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Splits a condition into tokens, ending with an `end` token; throws RuleSyntaxError with the offset. */
export function tokenize(source: string): Token[] {
  if (source.length > MAX_CONDITION_LENGTH) {
    throw new RuleSyntaxError(
      `condition is longer than ${MAX_CONDITION_LENGTH} characters`,
      MAX_CONDITION_LENGTH,
    );
  }
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const char = source[at] as string;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      at += 1;
    } else if (char === '"' || char === "'") {
      const { text, end } = readString(source, at);
      tokens.push({ kind: 'string', text, position: at });
      at = end;
    } else if (isDigit(char) || (char === '-' && isDigit(source[at + 1]))) {
      NUMBER.lastIndex = at;
      const match = NUMBER.exec(source);
      // The pattern always matches a digit here; a trailing letter or digit glued on is an error.
      const text = match ? match[0] : char;
      const value = Number(text);
      if (!Number.isFinite(value)) throw new RuleSyntaxError(`number '${text}' is out of range`, at);
      if (/[A-Za-z0-9_]/.test(source[at + text.length] ?? '')) {
        throw new RuleSyntaxError(`malformed number starting '${text}'`, at);
      }
      tokens.push({ kind: 'number', text, number: value, position: at });
      at += text.length;
    } else if (/[A-Za-z_]/.test(char)) {
      WORD.lastIndex = at;
      const text = (WORD.exec(source) as RegExpExecArray)[0];
      if (text.length > MAX_IDENTIFIER_LENGTH) {
        throw new RuleSyntaxError(`identifier is longer than ${MAX_IDENTIFIER_LENGTH} characters`, at);
      }
      tokens.push({ kind: 'word', text, position: at });
      at += text.length;
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ kind: char as TokenKind, text: char, position: at });
      at += 1;
    } else {
      const operator = OPERATORS.find((op) => source.startsWith(op, at));
      if (!operator) throw new RuleSyntaxError(unexpectedCharacter(source, at), at);
      tokens.push({ kind: 'operator', text: operator, position: at });
      at += operator.length;
    }
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}

function readString(source: string, start: number): { text: string; end: number } {
  const quote = source[start];
  let text = '';
  let at = start + 1;
  while (at < source.length) {
    const char = source[at] as string;
    if (char === quote) return { text, end: at + 1 };
    if (char === '\n' || char === '\r') break;
    if (char === '\\') {
      const escaped = ESCAPES.get(source[at + 1] ?? '');
      if (escaped === undefined)
        throw new RuleSyntaxError(`unknown escape '\\${source[at + 1] ?? ''}' in string`, at);
      text += escaped;
      at += 2;
    } else {
      text += char;
      at += 1;
    }
  }
  throw new RuleSyntaxError('unterminated string', start);
}

function unexpectedCharacter(source: string, at: number): string {
  const char = source[at] as string;
  if (char === '=') return "unexpected '='; use '==' to compare";
  if (char === '&') return "unexpected '&'; use '&&'";
  if (char === '|') return "unexpected '|'; use '||'";
  const code = char.codePointAt(0) ?? 0;
  const shown =
    code < 0x20 || code > 0x7e ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${char}'`;
  return `unexpected character ${shown}`;
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}
