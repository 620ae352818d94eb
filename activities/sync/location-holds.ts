/**
 * BMS v2 cannot add a location to an existing account, nor edit a location (the official document
 * has no route for either; see simulators/bms/ASSUMPTIONS.md). Unless the integration setting
 * `undocumentedBmsRoutes` is on, such a write is held and the operator is told what to do in BMS:
 *
 * - add: the IT Glue location's link becomes `held` with the reason; when the operator adds the
 *   location in BMS (same name and address), the next pull that reads the account matches and
 *   links the two (a held record is a match candidate, db/links.ts `takenIds`).
 * - edit: only the write to BMS is held. The link stays `enabled` with the reason, BMS → IT Glue
 *   keeps syncing, and the held fields keep BMS's value in the snapshot, so IT Glue's edit stays
 *   in IT Glue (never overwritten) and is offered again on every sync until BMS has it; once the
 *   operator makes the same change in BMS the hold clears itself. Nothing is written, so nothing
 *   can loop.
 *
 * New accounts still get their first location inside `POST /v2/crm/accounts` (documented).
 */
import type { CanonicalLocation } from '../../domain/entities.js';
import type { IntegrationSettings } from '../../domain/settings.js';

export type BmsLocationWrite =
  | { kind: 'add'; accountId: string; location: CanonicalLocation }
  | { kind: 'edit'; accountId: string; locationId: string; location: CanonicalLocation; fields: string[] };

/** Why this BMS location write must wait for an operator, or null when it can be sent. */
export function bmsLocationWriteHold(settings: Pick<IntegrationSettings, 'undocumentedBmsRoutes'>, write: BmsLocationWrite): string | null {
  if (settings.undocumentedBmsRoutes) return null;
  const name = `"${write.location.name}"`;
  const orEnable = 'or enable the integration setting undocumentedBmsRoutes';
  if (write.kind === 'add') {
    return (
      `held: BMS v2 cannot add a location to an existing account: add location ${name} (${addressText(write.location)}) ` +
      `to BMS account ${write.accountId} with the same name and address; a later sync links them (the next full sync at the latest) — ${orEnable}`
    );
  }
  return (
    `held: BMS v2 cannot edit a location: change ${write.fields.join(', ')} of location ${name} (BMS location ` +
    `${write.locationId}, account ${write.accountId}) in BMS as in IT Glue; until then BMS changes still reach IT Glue — ${orEnable}`
  );
}

function addressText(l: CanonicalLocation): string {
  const parts = [l.address1, l.address2, l.city, l.region, l.postalCode, l.country].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : 'no address';
}
