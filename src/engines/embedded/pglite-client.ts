import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { QueryResult, SqlClient, SqlExecutor } from '../sql/index.ts';

const PGLITE_VERSION = pgliteVersion();

/**
 * The embedded profile's SQL database: PGlite (PostgreSQL compiled to WebAssembly) in the
 * service's process, persisted under its state directory. Same SQL as the real engine.
 */
export class PgliteClient implements SqlClient {
  readonly #db: PGlite;
  readonly #location: string;

  private constructor(db: PGlite, location: string) {
    this.#db = db;
    this.#location = location;
  }

  /** Opens (creating if needed) a database in `directory`, or in memory when it is `memory://`. */
  static async open(directory: string): Promise<PgliteClient> {
    if (!directory.startsWith('memory://') && !existsSync(directory)) await seedFromTemplate(directory);
    const db = await PGlite.create(directory);
    return new PgliteClient(db, directory);
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> {
    return toResult(await this.#db.query<Row>(sql, [...params]));
  }

  async exec(sql: string): Promise<void> {
    await this.#db.exec(sql);
  }

  /** One database, no replicas: a read is a plain query. */
  async read<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> {
    return this.query<Row>(sql, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#db.transaction(async (tx) =>
      work({
        query: async <Row>(sql: string, params: readonly unknown[] = []) =>
          toResult(await tx.query<Row>(sql, [...params])),
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
      }),
    );
  }

  async ping(): Promise<Record<string, unknown>> {
    await this.#db.query('SELECT 1');
    return { database: 'PGlite (embedded)', location: this.#location };
  }

  async close(): Promise<void> {
    if (!this.#db.closed) await this.#db.close();
  }
}

/**
 * A new PGlite database runs initdb, which takes seconds; copying an initialised, empty data
 * directory takes milliseconds. The template is made once per PGlite version and shared by
 * every service and test on the machine; concurrent makers race on an atomic rename.
 */
async function seedFromTemplate(directory: string): Promise<void> {
  const template = join(tmpdir(), `butterfly-pglite-template-${PGLITE_VERSION}`);
  if (!existsSync(template)) {
    const scratch = mkdtempSync(`${template}.making-`);
    const db = await PGlite.create(join(scratch, 'data'));
    await db.close();
    try {
      renameSync(join(scratch, 'data'), template);
    } catch {
      // Another process made it first; theirs is as good as ours.
    }
    rmSync(scratch, { recursive: true, force: true });
  }
  mkdirSync(dirname(directory), { recursive: true });
  cpSync(template, directory, { recursive: true });
}

// The package does not export its package.json: find it above its entry point.
function pgliteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (name === '@electric-sql/pglite' && version) return version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

function toResult<Row>(result: { rows: Row[]; affectedRows?: number }): QueryResult<Row> {
  return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
}
