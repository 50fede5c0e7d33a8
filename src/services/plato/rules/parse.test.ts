import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NESTING_DEPTH } from './limits.ts';
import { parseCondition } from './parse.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';

/** Renders a tree compactly so expected shapes stay readable. */
function show(source: string): string {
  const render = (node: ReturnType<typeof parseCondition>): string => {
    switch (node.kind) {
      case 'literal':
        return JSON.stringify(node.value);
      case 'path':
        return [node.root, ...node.segments].join('.');
      case 'not':
        return `!(${render(node.operand)})`;
      case 'and':
      case 'or':
        return `${node.kind}(${node.operands.map(render).join(', ')})`;
      case 'in':
        return `${render(node.operand)} in ${JSON.stringify(node.items)}`;
      case 'compare':
        return `(${render(node.left)} ${node.operator} ${render(node.right)})`;
    }
  };
  return render(parseCondition(source));
}

function assertSyntaxError(source: string, position: number, message: RegExp): void {
  assert.throws(
    () => parseCondition(source),
    (error: unknown) => {
      assert.ok(error instanceof RuleSyntaxError, `${source}: ${String(error)}`);
      assert.equal(error.position, position, `${source}: position of '${error.message}'`);
      assert.match(error.message, message, source);
      return true;
    },
  );
}

test('parses the literal true and single comparisons', () => {
  assert.equal(show('true'), 'true');
  assert.equal(show('action.type == "TRADE"'), '(action.type == "TRADE")');
  assert.equal(show('action.parameters.amount > 1000'), '(action.parameters.amount > 1000)');
  assert.equal(show('rimNodeId startsWith "rim:entity:"'), '(rimNodeId startsWith "rim:entity:")');
  assert.equal(show('context.tags contains "urgent"'), '(context.tags contains "urgent")');
  assert.equal(
    show('context.env in ["prod", "staging", 1, true, null]'),
    'context.env in ["prod","staging",1,true,null]',
  );
  assert.equal(show('context.env in []'), 'context.env in []');
  assert.equal(show('context.flag'), 'context.flag');
});

test('&& binds tighter than ||, chains are flat, parentheses group', () => {
  assert.equal(show('true || false && context.a'), 'or(true, and(false, context.a))');
  assert.equal(show('(true || false) && context.a'), 'and(or(true, false), context.a)');
  assert.equal(show('context.a || context.b || context.c'), 'or(context.a, context.b, context.c)');
});

test('! applies to the comparison after it, like SQL NOT', () => {
  assert.equal(show('!action.type == "X"'), '!((action.type == "X"))');
  assert.equal(show('!!true'), '!(!(true))');
  assert.equal(show('!context.a && context.b'), 'and(!(context.a), context.b)');
});

test('records where each node starts', () => {
  const node = parseCondition('  context.a == 1');
  assert.equal(node.position, 2);
});

test('rejects bad grammar with the position of the offending token', () => {
  assertSyntaxError('', 0, /empty condition/);
  assertSyntaxError('   ', 0, /empty condition/);
  assertSyntaxError('action.type ==', 14, /expected a value.*end of the condition/);
  assertSyntaxError('action.type == "a" "b"', 19, /unexpected the string "b" after the end/);
  assertSyntaxError('(true', 5, /expected '\)'/);
  assertSyntaxError('true)', 4, /unexpected '\)'/);
  assertSyntaxError('context.a in "x"', 13, /expected '\[' to start the list/);
  assertSyntaxError('context.a in [context.b]', 14, /expected a literal/);
  assertSyntaxError('context.a in [1 2]', 16, /expected ',' or '\]'/);
  assertSyntaxError('1 == 1 == 1', 7, /do not chain/);
  assertSyntaxError('context.a < 1 in [1]', 14, /do not chain/);
  assertSyntaxError(
    'user.admin == true',
    0,
    /unknown name 'user'; a path starts with action, context, rimNodeId/,
  );
  assertSyntaxError('action.', 7, /expected a name after "\."/);
  assertSyntaxError('action..type', 7, /expected a name/);
  assertSyntaxError('42', 0, /expected a condition, found the literal 42/);
  assertSyntaxError('"yes" && true', 0, /expected a condition, found the literal "yes"/);
  assertSyntaxError('true && null', 8, /expected a condition, found the literal null/);
  assertSyntaxError('!1', 1, /expected a condition/);
});

test('refuses paths into prototypes: __proto__, constructor, prototype', () => {
  assertSyntaxError('action.__proto__.polluted == true', 7, /'__proto__' is not allowed/);
  assertSyntaxError('context.constructor.name == "Object"', 8, /'constructor' is not allowed/);
  assertSyntaxError('action.parameters.prototype == null', 18, /'prototype' is not allowed/);
  assertSyntaxError('constructor == 1', 0, /unknown name 'constructor'/);
  assertSyntaxError('__proto__ == 1', 0, /unknown name '__proto__'/);
  for (const inherited of ['toString', 'valueOf', 'hasOwnProperty', '__defineGetter__']) {
    assertSyntaxError(`${inherited} == 1`, 0, new RegExp(`unknown name '${inherited}'`));
    assertSyntaxError(`context.a in [${inherited}]`, 14, /expected a literal/);
  }
});

test('refuses code: calls, assignments, indexing and templates are not in the grammar', () => {
  assertSyntaxError('process.exit(1)', 0, /unknown name 'process'/);
  assertSyntaxError('action.type(1) == 1', 11, /unexpected '\('|do not chain|expected/);
  assertSyntaxError('action["type"] == 1', 6, /unexpected '\['/);
  assertSyntaxError('context.a = 1', 10, /use '=='/);
  assertSyntaxError('`${1}`', 0, /unexpected character '`'/);
  assertSyntaxError('this.x == 1', 0, /unknown name 'this'/);
  assertSyntaxError('globalThis == null', 0, /unknown name 'globalThis'/);
});

test(`nesting deeper than ${MAX_NESTING_DEPTH} levels is refused at the level that crosses it`, () => {
  const ok = '('.repeat(MAX_NESTING_DEPTH) + 'true' + ')'.repeat(MAX_NESTING_DEPTH);
  assert.equal(show(ok), 'true');
  const deep = '('.repeat(MAX_NESTING_DEPTH + 1) + 'true' + ')'.repeat(MAX_NESTING_DEPTH + 1);
  assertSyntaxError(deep, MAX_NESTING_DEPTH, /nesting deeper than/);
  assertSyntaxError('!'.repeat(MAX_NESTING_DEPTH + 1) + 'true', MAX_NESTING_DEPTH, /nesting deeper than/);
  assertSyntaxError('('.repeat(400) + 'true' + ')'.repeat(400), MAX_NESTING_DEPTH, /nesting deeper than/);
});

test('a long flat chain up to the length limit parses into one shallow node', () => {
  const chain = Array.from({ length: 120 }, () => 'true').join(' || ');
  const node = parseCondition(chain);
  assert.equal(node.kind, 'or');
  assert.equal(node.kind === 'or' && node.operands.length, 120);
});
