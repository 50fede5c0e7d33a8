// Moves TypeScript files and rewrites every relative import of them (and their own relative
// imports) across src/, test/, bench/ and tools/. A refactoring aid, not part of the product.
//   node tools/layout/move-module.ts <from> <to> [<from> <to> …]   (files or folders)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const roots = ['src', 'test', 'bench', 'tools'];
const IMPORT = /((?:from|import)\s*\(?\s*')(\.{1,2}\/[^']+)(')/g;

function listTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? listTs(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: move-module.ts <from> <to> [<from> <to> …]');
  process.exit(2);
}
const moves = new Map<string, string>();
for (let i = 0; i < args.length; i += 2) {
  const from = resolve(root, args[i]!);
  const to = resolve(root, args[i + 1]!);
  if (statSync(from).isDirectory()) {
    for (const file of listTs(from)) moves.set(file, join(to, relative(from, file)));
  } else moves.set(from, to);
}
const where = (file: string): string => moves.get(file) ?? file;
const files = roots.flatMap((dir) => listTs(join(root, dir)));
const rewritten = new Map<string, string>();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(IMPORT, (whole, head: string, spec: string, tail: string) => {
    const target = resolve(dirname(file), spec);
    if (!moves.has(target) && !moves.has(file)) return whole;
    let path = relative(dirname(where(file)), where(target));
    if (!path.startsWith('.')) path = `./${path}`;
    return `${head}${path}${tail}`;
  });
  if (next !== text) rewritten.set(file, next);
}
for (const [from, to] of moves) {
  mkdirSync(dirname(to), { recursive: true });
  execFileSync('git', ['mv', from, to], { cwd: root });
}
for (const [file, text] of rewritten) writeFileSync(where(file), text);
console.log(`moved ${moves.size} file(s), rewrote imports in ${rewritten.size}`);
