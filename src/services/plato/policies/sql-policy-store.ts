import type { SqlExecutor, SqlReader } from '../../../engines/sql/index.ts';
import type { Policy, PolicyRule } from './policy.ts';
import type { PolicyScope } from './policy-scope.ts';
import type { PageRequest, PageSlice } from '../../../kit/http/index.ts';
import type { PolicyStore } from './policy-store.ts';

interface PolicyRow {
  id: string;
  namespace: string;
  name: string;
  policy_type: string;
  rules: PolicyRule[];
  scope: PolicyScope;
  created_at: Date | string;
}

const COLUMNS = 'id, namespace, name, policy_type, rules, scope, created_at';

/** PolicyStore over SQL (PGlite in the embedded profile, PostgreSQL through Patroni on local); reads may come from a replica. */
export class SqlPolicyStore implements PolicyStore {
  readonly #db: SqlExecutor & SqlReader;

  constructor(db: SqlExecutor & SqlReader) {
    this.#db = db;
  }

  async create(tenant: string, policy: Policy): Promise<boolean> {
    const result = await this.#db.query(
      `INSERT INTO policies (tenant, ${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant, namespace, name) DO NOTHING`,
      [
        tenant,
        policy.id,
        policy.namespace,
        policy.name,
        policy.policyType,
        JSON.stringify(policy.rules),
        JSON.stringify(policy.scope),
        policy.createdAt,
      ],
    );
    return result.affectedRows > 0;
  }

  async get(tenant: string, id: string): Promise<Policy | undefined> {
    const { rows } = await this.#db.read<PolicyRow>(
      `SELECT ${COLUMNS} FROM policies WHERE tenant = $1 AND id = $2`,
      [tenant, id],
    );
    return rows[0] ? toPolicy(rows[0]) : undefined;
  }

  async list(
    tenant: string,
    filter: { namespace?: string | undefined },
    page: PageRequest,
  ): Promise<PageSlice<Policy>> {
    const params: unknown[] = [tenant];
    let where = 'tenant = $1';
    if (filter.namespace !== undefined) {
      params.push(filter.namespace);
      where += ` AND namespace = $${params.length}`;
    }
    const count = await this.#db.read<{ total: number }>(
      `SELECT count(*)::int AS total FROM policies WHERE ${where}`,
      params,
    );
    const { rows } = await this.#db.read<PolicyRow>(
      `SELECT ${COLUMNS} FROM policies WHERE ${where} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.page * page.limit],
    );
    return { items: rows.map(toPolicy), total: count.rows[0]?.total ?? 0 };
  }

  async all(tenant: string): Promise<Policy[]> {
    const { rows } = await this.#db.read<PolicyRow>(
      `SELECT ${COLUMNS} FROM policies WHERE tenant = $1 ORDER BY created_at, id`,
      [tenant],
    );
    return rows.map(toPolicy);
  }

  async tenants(): Promise<string[]> {
    const { rows } = await this.#db.read<{ tenant: string }>(
      'SELECT DISTINCT tenant FROM policies ORDER BY tenant',
      [],
    );
    return rows.map((row) => row.tenant);
  }
}

function toPolicy(row: PolicyRow): Policy {
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    policyType: row.policy_type,
    rules: row.rules,
    scope: row.scope,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
