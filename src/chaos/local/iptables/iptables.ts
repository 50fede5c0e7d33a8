import { execFile } from 'node:child_process';

/** The chain every local fault's rules live in, in the filter and nat tables, jumped to from OUTPUT. */
export const CHAOS_CHAIN = 'BFY-CHAOS';

/** An iptables table our faults use. */
export type ChaosTable = 'filter' | 'nat';

/** One rule of our chain: the arguments after `-A BFY-CHAOS`. */
export interface ChaosRule {
  table: ChaosTable;
  rule: readonly string[];
}

/**
 * Serialises chain creation and removal between processes (two runners, a test and a cleanup):
 * hooking and unhooking are check-then-act, so they run as one script under one flock.
 */
const LOCK = '/run/lock/butterfly-chaos-iptables.lock';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs iptables (waiting for the xtables lock) and answers its exit code and output. */
export function iptables(table: ChaosTable, args: readonly string[]): Promise<Run> {
  return run('iptables', ['-w', '10', '-t', table, ...args]);
}

// $1 = table, $2 = chain. Create if missing, hook first in OUTPUT if not hooked.
const ENSURE = `
t="$1"; c="$2"
iptables -w 10 -t "$t" -S "$c" >/dev/null 2>&1 || iptables -w 10 -t "$t" -N "$c" || exit 1
iptables -w 10 -t "$t" -C OUTPUT -j "$c" 2>/dev/null || iptables -w 10 -t "$t" -I OUTPUT 1 -j "$c" || exit 1
`;

// $1 = table, $2 = chain. When the chain holds no rule: unhook (every copy) and delete it; if a rule
// arrived meanwhile, the delete fails and the hook is put back.
const DROP_IF_EMPTY = `
t="$1"; c="$2"
iptables -w 10 -t "$t" -S "$c" >/dev/null 2>&1 || exit 0
[ "$(iptables -w 10 -t "$t" -S "$c" | grep -c '^-A ')" = 0 ] || exit 0
while iptables -w 10 -t "$t" -D OUTPUT -j "$c" 2>/dev/null; do :; done
iptables -w 10 -t "$t" -X "$c" 2>/dev/null || iptables -w 10 -t "$t" -I OUTPUT 1 -j "$c"
`;

async function locked(script: string, table: ChaosTable): Promise<void> {
  const result = await run('flock', ['-w', '30', LOCK, 'sh', '-c', script, 'sh', table, CHAOS_CHAIN]);
  if (result.code !== 0)
    throw new Error(
      `iptables chain ${CHAOS_CHAIN} in ${table}: ${result.stderr.trim() || `exit ${result.code}`}`,
    );
}

function restore(table: ChaosTable, lines: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      'iptables-restore',
      ['-w', '10', '--noflush'],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
    // Our arguments hold no space or quote (comments are [a-z0-9:-]), so a line is the words joined.
    child.stdin!.end(`*${table}\n${lines.join('\n')}\nCOMMIT\n`);
  });
}

/**
 * Appends rules to our chain, creating and hooking it on demand, in one iptables-restore per
 * table (a delay fault can have hundreds). A concurrent removal of the emptied chain can win
 * the race between the hook and the append: then the append is retried.
 */
export async function addRules(rules: readonly ChaosRule[]): Promise<void> {
  const tables = [...new Set(rules.map((rule) => rule.table))];
  for (const table of tables) {
    const lines = rules
      .filter((rule) => rule.table === table)
      .map((rule) => ['-A', CHAOS_CHAIN, ...rule.rule].join(' '));
    for (let attempt = 1; ; attempt += 1) {
      await locked(ENSURE, table);
      const result = await restore(table, lines);
      if (result.code === 0) break;
      if (attempt === 3)
        throw new Error(`iptables-restore -t ${table} (${lines.length} rules): ${result.stderr.trim()}`);
    }
    // A removal that lost its race put the hook back; make sure of it either way.
    await locked(ENSURE, table);
  }
}

/** The value of a rule's `--comment`. */
export function commentOf(rule: readonly string[]): string | undefined {
  const at = rule.indexOf('--comment');
  return at >= 0 ? rule[at + 1] : undefined;
}

/** Deletes every rule of our chain in the table whose comment is one of `comments`; none there is fine. */
export async function deleteRulesWithComments(
  table: ChaosTable,
  comments: ReadonlySet<string>,
): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const doomed = (await listRules(table)).filter(
      (rule) => rule.comment !== undefined && comments.has(rule.comment),
    );
    if (doomed.length === 0) return;
    await restore(
      table,
      doomed.map((rule) => ['-D', CHAOS_CHAIN, ...rule.rule].join(' ')),
    );
  }
}

/** Removes our chain from a table once no fault has a rule in it. */
export async function dropChainIfEmpty(table: ChaosTable): Promise<void> {
  await locked(DROP_IF_EMPTY, table);
}

/** A rule of our chain as `iptables -S -v` lists it, with its packet counter. */
export interface ListedRule {
  table: ChaosTable;
  /** Arguments after `-A BFY-CHAOS`, counters removed: deletable as they are. */
  rule: string[];
  comment: string | undefined;
  packets: number;
}

/** The rules of our chain in a table (none when the chain does not exist). */
export async function listRules(table: ChaosTable): Promise<ListedRule[]> {
  const result = await iptables(table, ['-v', '-S', CHAOS_CHAIN]);
  if (result.code !== 0) return [];
  const rules: ListedRule[] = [];
  for (const line of result.stdout.split('\n')) {
    // Our comments are [a-z0-9:-] (iptables still quotes them): no argument holds a space.
    const words = line
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/^"(.*)"$/, '$1'));
    if (words[0] !== '-A' || words[1] !== CHAOS_CHAIN) continue;
    const rule = words.slice(2);
    let packets = 0;
    const counter = rule.indexOf('-c');
    if (counter >= 0) {
      packets = Number(rule[counter + 1]);
      rule.splice(counter, 3);
    }
    rules.push({ table, rule, comment: commentOf(rule), packets });
  }
  return rules;
}

/** True when our chain exists in the table. */
export async function chainExists(table: ChaosTable): Promise<boolean> {
  return (await iptables(table, ['-S', CHAOS_CHAIN])).code === 0;
}
