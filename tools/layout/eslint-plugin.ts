// The lint rule `layout/floors`: every relative import in src/ obeys tools/layout/floors.ts.
import type { Rule } from 'eslint';
import { dirname, relative, resolve } from 'node:path';
import { layoutViolation } from './floors.ts';
import { importKey, readDebt } from './layout-debt.ts';

const root = resolve(import.meta.dirname, '../..');
// Known breaches are reported by the floor report's debt check, not once more here.
const debt = readDebt();

const floorsRule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports keep to the floors and enter another area through its index.ts' },
    schema: [],
  },
  create(context) {
    const from = relative(root, context.filename);
    const check = (node: Rule.Node): void => {
      const source = 'source' in node ? node.source : undefined;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('.')) return;
      const to = relative(root, resolve(dirname(context.filename), source.value));
      const violation = layoutViolation(from, to);
      if (violation && !debt.has(importKey(from, to)))
        context.report({ node: source, message: `[${violation.rule}] ${violation.message}` });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { floors: floorsRule } };
