/** The smoke check: the database answers, BMS authenticates, IT Glue lists organizations. */
import { sql } from 'drizzle-orm';
import type { ActivityDeps } from './deps.js';

export function createSmokeActivities(deps: ActivityDeps) {
  return {
    async smokeCheck(input: { integrationId: string }): Promise<{ database: string; bmsAccounts: number; itglueOrganizations: number }> {
      const [row] = await deps.db.execute<{ now: string }>(sql`select now()::text as now`);
      const { bms, itglue } = await deps.connectors.get(input.integrationId);
      const accounts = await bms.listAccountsPage({ pageSize: 1 });
      const organizations = await itglue.listOrganizationsPage({ page: { size: 1 } });
      return {
        database: row?.now ?? 'unknown',
        bmsAccounts: accounts.totalRecords ?? accounts.items.length,
        itglueOrganizations: organizations.meta['total-count'],
      };
    },
  };
}
