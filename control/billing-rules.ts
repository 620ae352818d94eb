/**
 * Adding a billing rule (SPEC §9): the operator's input is validated with zod, then checked
 * against the live APIs of the integration (the BMS account, contract and service exist and
 * belong together; the IT Glue flexible asset type and its fields exist; the field billed by is
 * numeric; filter values are options of a select field). Every problem is reported at once, each
 * naming the option it is about, before anything is stored.
 *
 * A rule bills a catalogue service on the contract (`bmsServiceId`): each change is added as a
 * service line of its own, through documented routes. A rule may instead name one service line
 * whose units it sets (`bmsServiceLineId`): BMS v2 cannot read or change a line, so that needs the
 * integration setting `undocumentedBmsRoutes` (docs/billing.md).
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { Connection } from '../activities/connectors.js';
import { UNDOCUMENTED_ROUTES_SETTING, type BmsServiceLine } from '../clients/bms/index.js';
import { isApiError } from '../clients/http.js';
import type { ItgFlexibleAssetField, ItgResource } from '../clients/itglue/schemas.js';
import { insertBillingRule, syncedOrganizationOf, type BillingRuleRow } from '../db/billing.js';
import type { Db } from '../db/client.js';
import { matchKey } from '../domain/normalize.js';
import { BILLING_CYCLES } from '../domain/proration.js';

const numericId = (what: string) => z.string().trim().regex(/^\d+$/, `must be a numeric ${what} id`);

/** What an operator gives for a rule; field and type names are resolved against IT Glue. */
export const billingRuleSpecSchema = z
  .object({
    integrationId: z.string().min(1),
    /** Unique per integration; defaults to "<service name> (<account name>)". */
    name: z.string().trim().min(1).max(200).optional(),
    bmsAccountId: numericId('BMS account'),
    bmsContractId: numericId('BMS contract'),
    /** The catalogue service the contract bills; each change is added as a line of it. */
    bmsServiceId: numericId('BMS service').optional(),
    /** Instead: the line whose units the rule sets (undocumented routes). */
    bmsServiceLineId: numericId('BMS service line').optional(),
    /** What the contract bills for the service today (a rule that adds lines starts from it); default 0. */
    billedUnits: z.string().trim().regex(/^\d{1,9}$/, 'must be a whole number of units, e.g. 10').optional(),
    /** Flexible asset type id, or its exact name. */
    assetType: z.string().trim().min(1),
    /** The numeric field summed into units: its name-key (`licensed-users`) or its name (`Licensed Users`). */
    billBy: z.string().trim().min(1),
    filterField: z.string().trim().min(1).optional(),
    filterValues: z.array(z.string().trim().min(1)).default([]),
    /** Exact decimal, at most 4 places; defaults to the service's (or the line's) unit price in BMS. */
    unitPrice: z
      .string()
      .trim()
      .regex(/^\d{1,10}(\.\d{1,4})?$/, 'must be a non-negative decimal with at most 4 decimal places, e.g. 19.99')
      .optional(),
    cycle: z.enum(BILLING_CYCLES).default('monthly'),
    enabled: z.boolean().default(true),
  })
  .strict()
  .refine((v) => !v.filterField || v.filterValues.length > 0, { message: 'give at least one filter value for the filter field', path: ['filterValues'] })
  .refine((v) => v.filterField || v.filterValues.length === 0, { message: 'filter values need a filter field', path: ['filterField'] })
  .refine((v) => (v.bmsServiceId === undefined) !== (v.bmsServiceLineId === undefined), {
    message: 'give the BMS service the contract bills (--service), or the one service line whose units to set (--service-line), not both',
    path: ['service'],
  })
  .refine((v) => v.bmsServiceLineId === undefined || v.billedUnits === undefined, {
    message: "a rule that sets a service line's units starts from the line's units: leave out the billed units",
    path: ['billedUnits'],
  });

export type BillingRuleSpec = z.input<typeof billingRuleSpecSchema>;

/** One or more problems with a rule, each starting with the option it is about. */
export class BillingRuleError extends Error {
  override readonly name = 'BillingRuleError';
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0]! : `the billing rule has ${problems.length} problems:\n  - ${problems.join('\n  - ')}`);
  }
}

export interface AddedBillingRule {
  rule: BillingRuleRow;
  /** Worth knowing, not wrong (e.g. the account is not synced yet, so its units are 0). */
  warnings: string[];
}

/** Field kinds whose values are numbers (IT Glue validates them on write). */
const NUMERIC_KINDS = new Set(['Number']);

export async function addBillingRule(db: Db, connection: Connection, spec: BillingRuleSpec): Promise<AddedBillingRule> {
  const parsed = billingRuleSpecSchema.safeParse(spec);
  if (!parsed.success) {
    throw new BillingRuleError(parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'rule'}: ${i.message}`));
  }
  const input = parsed.data;
  const [bms, itglue] = await Promise.all([checkBms(connection, input), checkItGlue(connection, input)]);
  const problems = [...bms.problems, ...itglue.problems];
  if (problems.length > 0) throw new BillingRuleError(problems);

  const billed = bms.billed!;
  const warnings: string[] = [];
  if (!(await syncedOrganizationOf(db, input.integrationId, input.bmsAccountId))) {
    warnings.push(`BMS account ${input.bmsAccountId} has no synced IT Glue organization yet: its units count 0 until it syncs`);
  }
  if (!connection.integration.settings.twoWay) {
    warnings.push(`integration ${input.integrationId} has two-way sync off: billing refuses to run until it is on (integration configure ${input.integrationId} --set twoWay=true)`);
  }
  const name = input.name ?? `${billed.serviceName ?? `service ${billed.serviceId}`} (${bms.accountName ?? `account ${input.bmsAccountId}`})`;
  try {
    const rule = await insertBillingRule(db, {
      integrationId: input.integrationId,
      name,
      bmsAccountId: input.bmsAccountId,
      bmsContractId: input.bmsContractId,
      bmsServiceId: String(billed.serviceId),
      bmsServiceLineId: input.bmsServiceLineId ?? null,
      flexibleAssetTypeId: itglue.typeId!,
      billByField: itglue.billBy!,
      filterField: itglue.filterField ?? null,
      filterValues: input.filterValues,
      unitPrice: input.unitPrice ?? decimalText(billed.unitPrice),
      cycle: input.cycle,
      // A rule that adds lines starts from what the contract bills today; one that sets a line reads it on its first night.
      currentUnits: input.bmsServiceLineId === undefined ? (input.billedUnits ?? '0') : null,
      enabled: input.enabled,
    });
    return { rule, warnings };
  } catch (err) {
    const constraint = (err as { constraint_name?: string; cause?: { constraint_name?: string } }).cause?.constraint_name ?? (err as { constraint_name?: string }).constraint_name;
    if (constraint === 'billing_rules_name_unique') throw new BillingRuleError([`name: a billing rule named "${name}" already exists in this integration (give another --name)`]);
    if (constraint === 'billing_rules_line_unique') {
      throw new BillingRuleError([`serviceLine: service line ${input.bmsServiceLineId} of contract ${input.bmsContractId} already has a billing rule (two rules would overwrite each other's units)`]);
    }
    if (constraint === 'billing_rules_service_unique') {
      throw new BillingRuleError([`service: contract ${input.bmsContractId} already has a billing rule adding lines of service ${input.bmsServiceId} (two rules would each count from the same units)`]);
    }
    throw err;
  }
}

interface BmsCheck {
  problems: string[];
  /** What the rule bills: the service, its name and price (from the catalogue, or from the line). */
  billed?: { serviceId: number; serviceName: string | null; unitPrice: number };
  accountName?: string | null;
}

async function checkBms(connection: Connection, input: z.output<typeof billingRuleSpecSchema>): Promise<BmsCheck> {
  const { bms } = connection;
  const accountId = Number(input.bmsAccountId);
  const contractId = Number(input.bmsContractId);
  const problems: string[] = [];
  const account = await bms.getAccount(accountId).catch(notFoundAs(null));
  if (!account) problems.push(`account: BMS account ${accountId} does not exist`);

  const [contract] = await bms.lookupContracts({ ids: [contractId] });
  if (!contract) return { problems: [...problems, `contract: BMS contract ${contractId} does not exist`] };
  if (account) {
    const ofAccount = await bms.lookupContracts({ ids: [contractId], accountId });
    if (ofAccount.length === 0) problems.push(`contract: BMS contract ${contractId} ("${contract.name}") does not belong to account ${accountId}`);
  }

  if (input.bmsServiceId !== undefined) {
    const service = await bms.getService(Number(input.bmsServiceId)).catch(notFoundAs(null));
    if (!service) return { problems: [...problems, `service: BMS service ${input.bmsServiceId} does not exist (Admin › Finance › Services)`] };
    if (!service.isActive) problems.push(`service: BMS service ${service.id} ("${service.name}") is inactive`);
    return { problems, billed: { serviceId: service.id, serviceName: service.name, unitPrice: service.unitPrice }, accountName: account?.accountName };
  }

  if (!bms.undocumentedRoutes) {
    return {
      problems: [
        ...problems,
        `serviceLine: BMS v2 cannot read or change a service line's units: a rule that sets a line needs the integration setting ${UNDOCUMENTED_ROUTES_SETTING}; or give --service (the service the contract bills) to add a line per change`,
      ],
    };
  }
  const lines = await bms.listServiceLines(contractId).catch(notFoundAs([] as BmsServiceLine[]));
  const line = lines.find((l) => String(l.id) === input.bmsServiceLineId);
  if (!line) {
    const known = lines.map((l) => `${l.id} ${l.serviceName ?? ''}`.trim()).join(', ') || 'none';
    problems.push(`serviceLine: contract ${contractId} has no recurring service line ${input.bmsServiceLineId} (its lines: ${known})`);
    return { problems };
  }
  return { problems, billed: { serviceId: line.serviceId, serviceName: line.serviceName, unitPrice: line.unitPrice }, accountName: account?.accountName };
}

interface ItGlueCheck {
  problems: string[];
  typeId?: string;
  billBy?: string;
  filterField?: string;
}

async function checkItGlue(connection: Connection, input: z.output<typeof billingRuleSpecSchema>): Promise<ItGlueCheck> {
  const { itglue } = connection;
  let typeId: string | undefined;
  let typeName = input.assetType;
  if (/^\d+$/.test(input.assetType)) {
    const type = await itglue.getFlexibleAssetType(input.assetType).catch(notFoundAs(null));
    if (!type) return { problems: [`assetType: IT Glue flexible asset type ${input.assetType} does not exist`] };
    typeId = type.id;
    typeName = type.attributes.name;
  } else {
    const types: { id: string; name: string }[] = [];
    for await (const t of itglue.iterateFlexibleAssetTypes()) types.push({ id: t.id, name: t.attributes.name });
    const found = types.filter((t) => matchKey(t.name) === matchKey(input.assetType));
    if (found.length !== 1) {
      const why = found.length === 0 ? 'does not exist' : `is ambiguous (ids ${found.map((t) => t.id).join(', ')}; give the id)`;
      return { problems: [`assetType: IT Glue flexible asset type "${input.assetType}" ${why} (types: ${types.map((t) => `${t.id} ${t.name}`).join(', ') || 'none'})`] };
    }
    typeId = found[0]!.id;
    typeName = found[0]!.name;
  }

  const fields = await itglue.listFlexibleAssetFields(typeId);
  const problems: string[] = [];
  const fieldList = fields.map((f) => `${f.attributes.name} (${f.attributes['name-key']}, ${f.attributes.kind})`).join(', ');
  const billBy = findField(fields, input.billBy);
  if (!billBy) problems.push(`billBy: field "${input.billBy}" does not exist in flexible asset type "${typeName}" (fields: ${fieldList})`);
  else if (!NUMERIC_KINDS.has(billBy.attributes.kind)) {
    problems.push(`billBy: field "${billBy.attributes.name}" of "${typeName}" is a ${billBy.attributes.kind} field, not numeric (bill by a Number field)`);
  }

  let filterField: ItgResource<ItgFlexibleAssetField> | undefined;
  if (input.filterField) {
    filterField = findField(fields, input.filterField);
    if (!filterField) problems.push(`filterField: field "${input.filterField}" does not exist in flexible asset type "${typeName}" (fields: ${fieldList})`);
    else if (filterField.attributes.kind === 'Select') {
      const options = (filterField.attributes['default-value'] ?? '').split('\n').map((o) => o.trim()).filter(Boolean);
      const unknown = input.filterValues.filter((v) => !options.some((o) => matchKey(o) === matchKey(v)));
      if (unknown.length > 0) {
        problems.push(`filterValues: ${unknown.map((v) => `"${v}"`).join(', ')} ${unknown.length === 1 ? 'is not an option' : 'are not options'} of "${filterField.attributes.name}" (options: ${options.join(', ')})`);
      }
    }
  }
  return { problems, typeId, billBy: billBy?.attributes['name-key'], filterField: filterField?.attributes['name-key'] };
}

/** A field by name-key (exact) or by name (case and spacing ignored). */
function findField(fields: ItgResource<ItgFlexibleAssetField>[], wanted: string): ItgResource<ItgFlexibleAssetField> | undefined {
  return fields.find((f) => f.attributes['name-key'] === wanted) ?? fields.find((f) => matchKey(f.attributes.name) === matchKey(wanted));
}

function notFoundAs<T>(fallback: T): (err: unknown) => T {
  return (err) => {
    if (isApiError(err) && err.kind === 'not-found') return fallback;
    throw err;
  };
}

/** A JSON number from BMS as decimal text (JSON numbers print shortest round-trip, e.g. 7.2 → "7.2"). */
function decimalText(value: number): string {
  const text = String(value);
  if (!/^\d+(\.\d+)?$/.test(text)) throw new BillingRuleError([`unitPrice: the service line's price ${text} cannot be used; give --unit-price`]);
  // At most 4 places, like the rule's column; BMS prices are cents in practice.
  return new Decimal(text).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed();
}
