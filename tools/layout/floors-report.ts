// The floor report: floor-to-floor import counts, layout violations, import cycles (between
// files and between areas) and the largest files and functions.
//   node tools/layout/floors-report.ts [--check]
// With --check it exits 1 when anything breaks the layout or the size limits, so CI runs it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { FLOOR_ORDER, areaOf, floorOf, layoutViolation } from './floors.ts';
import { importKey, readDebt, writeDebt } from './layout-debt.ts';

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;
const root = resolve(import.meta.dirname, '../..');
const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

function listTs(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) return listTs(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

const isTest = (file: string): boolean => file.endsWith('.test.ts') || file.startsWith('test/');
const sourceFiles = ['src', 'test', 'bench', 'tools'].flatMap(listTs);
const graph = new Map<string, string[]>();
for (const file of sourceFiles) {
  const text = readFileSync(join(root, file), 'utf8');
  graph.set(
    file,
    [...text.matchAll(IMPORT)].map((match) => relative(root, resolve(dirname(join(root, file)), match[1]!))),
  );
}

/** Strongly connected components of more than one node (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!edges.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

const counts = new Map<string, number>();
const violations: string[] = [];
/** Every breach by its debt key (tools/layout/layout-debt.ts). */
const breaches: string[] = [];
const fileEdges = new Map<string, Set<string>>();
const areaEdges = new Map<string, Set<string>>();
for (const [file, targets] of graph) {
  fileEdges.set(file, new Set(targets));
  const fromFloor = floorOf(file);
  const fromArea = areaOf(file);
  for (const target of targets) {
    const violation = layoutViolation(file, target);
    if (violation) {
      violations.push(`${file} → ${target}: [${violation.rule}] ${violation.message}`);
      breaches.push(importKey(file, target));
    }
    const toFloor = floorOf(target);
    const toArea = areaOf(target);
    if (fromFloor && toFloor && fromArea !== toArea) {
      const key = `${fromFloor}→${toFloor}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // Tests beside the code may lean on other areas; only product code forms the area graph.
    if (fromArea && toArea && fromArea !== toArea && !isTest(file)) {
      if (!areaEdges.has(fromArea)) areaEdges.set(fromArea, new Set());
      areaEdges.get(fromArea)!.add(toArea);
    }
    if (toArea && !areaEdges.has(toArea)) areaEdges.set(toArea, new Set());
  }
}

interface Sized {
  where: string;
  lines: number;
}
const files: Sized[] = [];
const functions: Sized[] = [];
for (const file of sourceFiles) {
  const text = readFileSync(join(root, file), 'utf8');
  files.push({ where: file, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) });
  if (isTest(file)) continue;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
      functions.push({ where: `${file}:${start + 1} ${name}`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
const largest = (list: Sized[], n: number): Sized[] =>
  [...list].sort((a, b) => b.lines - a.lines).slice(0, n);
const tooLongFiles = files.filter((file) => file.lines > MAX_FILE_LINES);
const tooLongFunctions = functions.filter((fn) => fn.lines > MAX_FUNCTION_LINES);
const fileCycles = cycles(fileEdges);
const areaCycles = cycles(areaEdges);

const floors = FLOOR_ORDER.filter((floor) => sourceFiles.some((file) => floorOf(file) === floor));
const width = Math.max(...floors.map((floor) => floor.length)) + 1;
console.log('Imports between areas, floor by floor (row imports column; lower floors to the left):\n');
console.log(`${''.padEnd(width)}${floors.map((floor) => floor.padStart(width)).join('')}`);
for (const from of floors) {
  const row = floors.map((to) => String(counts.get(`${from}→${to}`) ?? '·').padStart(width));
  console.log(`${from.padEnd(width)}${row.join('')}`);
}
const upward = violations.filter((line) => line.includes('[upward]')).length;
const deep = violations.filter((line) => line.includes('[deep]')).length;
console.log(`
upward imports: ${upward}   deep imports into another area: ${deep}   other layout violations: ${
  violations.length - upward - deep
}
file cycles: ${fileCycles.length}   area cycles: ${areaCycles.length}
files over ${MAX_FILE_LINES} lines: ${tooLongFiles.length}   functions over ${MAX_FUNCTION_LINES} lines (product code): ${
  tooLongFunctions.length
}
largest file: ${largest(files, 1).map((f) => `${f.where} (${f.lines})`)[0]}
largest function: ${largest(functions, 1).map((f) => `${f.where} (${f.lines})`)[0]}`);
const list = (title: string, lines: string[]): void => {
  if (lines.length === 0) return;
  console.log(`\n${title}:`);
  for (const line of lines) console.log(`  ${line}`);
};
const verbose = process.argv.includes('--verbose');
if (verbose) {
  list('layout violations', violations);
  list(
    'file cycles',
    fileCycles.map((cycle) => cycle.join(' ⇄ ')),
  );
  list(
    'area cycles',
    areaCycles.map((cycle) => cycle.join(' ⇄ ')),
  );
  list(
    `files over ${MAX_FILE_LINES} lines`,
    tooLongFiles.map((f) => `${f.where} (${f.lines})`),
  );
  list(
    `functions over ${MAX_FUNCTION_LINES} lines`,
    largest(tooLongFunctions, 1000).map((f) => `${f.where} (${f.lines})`),
  );
}
for (const cycle of [...fileCycles, ...areaCycles]) breaches.push(`cycle ${cycle.join(' ⇄ ')}`);
for (const file of tooLongFiles) breaches.push(`file ${file.where}`);
for (const fn of tooLongFunctions) breaches.push(`function ${fn.where.replace(/:\d+ /, ' ')}`);
if (process.argv.includes('--write-debt')) {
  writeDebt(new Set(breaches));
  console.log(`\nwrote ${new Set(breaches).size} breaches to tools/layout/layout-debt.txt`);
}
const debt = readDebt();
const current = new Set(breaches);
const added = [...current].filter((breach) => !debt.has(breach));
const paid = [...debt].filter((breach) => !current.has(breach));
console.log(
  `\nlayout debt: ${debt.size} known breaches; ${added.length} new; ${paid.length} paid off but still listed`,
);
list('new breaches (fix them; the debt list only shrinks)', added);
list('paid off: remove from tools/layout/layout-debt.txt (npm run floors -- --write-debt)', paid);
if (process.argv.includes('--check') && added.length + paid.length > 0) process.exit(1);
