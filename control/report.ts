/**
 * The Manage-data report (SPEC §10) as operators see it, from the CLI and from the report workflow
 * alike: db/report.ts counts the links; which unlinked IT Glue records the push would take (the
 * not-yet-pushed ones) is the entity modules' own eligibility rule.
 */
import type { Db } from '../db/client.js';
import { getIntegration } from '../db/integrations.js';
import { buildReport, recordsInState, type ManageDataReport, type ReportRecord, type ReportRules, type ReportState } from '../db/report.js';
import type { Entity } from '../domain/entities.js';
import { canonicalFromItGlue, type MappingContext } from '../domain/mapping/fields.js';
import type { IntegrationSettings } from '../domain/settings.js';
import { isActive } from '../entities/module.js';
import { moduleOf } from '../entities/registry.js';

/** Type and status names come with IT Glue records, so no lookups are needed to judge them. */
const NO_LOOKUPS: MappingContext = {
  bms: { nameOf: () => null, idOf: () => null },
  itglue: { nameOf: () => null, idOf: () => null, regionId: () => null, countryId: () => null },
  refs: { toBms: () => null, toItGlue: () => null },
  bmsParentOf: () => null,
  warn: () => undefined,
};

function reportRules(settings: IntegrationSettings): ReportRules {
  return {
    scoped: (entity) => moduleOf(entity).scoped,
    pushes: (entity) => moduleOf(entity).push !== null,
    active: (entity) => isActive(moduleOf(entity), settings),
    pushEligible: (entity, record) => {
      const module = moduleOf(entity);
      if (!module.push) return false;
      try {
        return module.itglue.ineligible(canonicalFromItGlue(module.mapping, record, NO_LOOKUPS) as never, settings) === null;
      } catch {
        return false;
      }
    },
  };
}

export async function manageDataReport(db: Db, integrationId: string): Promise<ManageDataReport> {
  const integration = await getIntegration(db, integrationId);
  return buildReport(db, integrationId, reportRules(integration.settings));
}

export async function recordsOfState(db: Db, integrationId: string, state: ReportState, options: { entity?: Entity; limit?: number } = {}): Promise<ReportRecord[]> {
  const integration = await getIntegration(db, integrationId);
  return recordsInState(db, integrationId, state, reportRules(integration.settings), options);
}
