import { idempotentWrite, readStatement, type CqlStatement } from '../../../engines/cassandra/index.ts';
import type { PageRequest } from '../../../kit/http/index.ts';
import type { ActionRecord } from './action.ts';
import type { ActionFilter } from './action-log-store.ts';

/** The listing rows of a finished action: the tenant's, and its plan's and RIM node's when it has them. */
export function insertListings(
  tenant: string,
  action: ActionRecord,
  timestampMicros: number,
): CqlStatement[] {
  const createdAt = new Date(action.createdAt);
  const document = JSON.stringify(action);
  const statements = [
    idempotentWrite(
      `INSERT INTO synapse_actions_by_tenant (tenant, created_at, action_id, document) VALUES (?, ?, ?, ?) USING TIMESTAMP ?`,
      [tenant, createdAt, action.actionId, document, timestampMicros],
    ),
  ];
  if (action.planId !== null) {
    statements.push(
      idempotentWrite(
        `INSERT INTO synapse_actions_by_plan (tenant, plan_id, created_at, action_id, rim_node_id, document)
         VALUES (?, ?, ?, ?, ?, ?) USING TIMESTAMP ?`,
        [tenant, action.planId, createdAt, action.actionId, action.rimNodeId, document, timestampMicros],
      ),
    );
  }
  if (action.rimNodeId !== null) {
    statements.push(
      idempotentWrite(
        `INSERT INTO synapse_actions_by_node (tenant, rim_node_id, created_at, action_id, plan_id, document)
         VALUES (?, ?, ?, ?, ?, ?) USING TIMESTAMP ?`,
        [tenant, action.rimNodeId, createdAt, action.actionId, action.planId, document, timestampMicros],
      ),
    );
  }
  return statements;
}

/** A listing's table and restriction; `filtering` when it filters inside its one partition. */
interface Listing {
  table: string;
  where: string;
  params: unknown[];
  filtering: boolean;
}

/** Which listing table serves a filter. Plan and node together: the plan's partition, filtered by node. */
function listingOf(tenant: string, filter: ActionFilter): Listing {
  if (filter.planId !== undefined && filter.rimNodeId !== undefined) {
    // Filtering inside one partition (a plan's handful of actions), never across partitions.
    return {
      table: 'synapse_actions_by_plan',
      where: 'tenant = ? AND plan_id = ? AND rim_node_id = ?',
      params: [tenant, filter.planId, filter.rimNodeId],
      filtering: true,
    };
  }
  if (filter.planId !== undefined) {
    return {
      table: 'synapse_actions_by_plan',
      where: 'tenant = ? AND plan_id = ?',
      params: [tenant, filter.planId],
      filtering: false,
    };
  }
  if (filter.rimNodeId !== undefined) {
    return {
      table: 'synapse_actions_by_node',
      where: 'tenant = ? AND rim_node_id = ?',
      params: [tenant, filter.rimNodeId],
      filtering: false,
    };
  }
  return { table: 'synapse_actions_by_tenant', where: 'tenant = ?', params: [tenant], filtering: false };
}

const allowFiltering = (listing: Listing): string => (listing.filtering ? ' ALLOW FILTERING' : '');

/** A listing's finished actions, newest first, up to the end of the requested page. */
export function selectListingWindow(tenant: string, filter: ActionFilter, page: PageRequest): CqlStatement {
  const listing = listingOf(tenant, filter);
  return readStatement(
    `SELECT document FROM ${listing.table} WHERE ${listing.where} LIMIT ?${allowFiltering(listing)}`,
    [...listing.params, (page.page + 1) * page.limit],
  );
}

/** How many finished actions a listing has. */
export function countListing(tenant: string, filter: ActionFilter): CqlStatement {
  const listing = listingOf(tenant, filter);
  return readStatement(
    `SELECT COUNT(*) AS count FROM ${listing.table} WHERE ${listing.where}${allowFiltering(listing)}`,
    listing.params,
  );
}
