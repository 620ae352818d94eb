/** Contracts, recurring service lines and the service catalogue (bms-api.md §3.6, §3.7). */
import { z } from 'zod';
import type { Router, SimRequest } from '../../common/router.js';
import { contractLookupDto, contractSummaryDto, isExpired, recurringContractDto, serviceDto, serviceLineDto } from '../dto.js';
import type { BmsStore, Contract, ServiceLine } from '../store.js';
import { contains, idParam, ok, parseJsonBody, Params, timeOf } from '../wire.js';
import { assertValid, listFromQuery, nbool, nint, notFoundError, nstr, writeStamp, type RouteContext } from './context.js';

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };

/**
 * RecurringServicePostInputDto (and RecurringServicesContractServicePostInputDto, the same shape):
 * as the OpenAPI document types it. `Units` is an int32 without a range (the document shows the
 * ranges it enforces as minimum/maximum, and has none here), so a negative number of units (a
 * decrease added as its own line) passes; a fractional one is refused. Prices are doubles.
 */
const lineInput = z.object({
  serviceId: z.number().int(),
  serviceName: nstr,
  serviceDescription: nstr,
  units: z.number().int().min(INT32.min).max(INT32.max),
  unitCost: z.number().optional(),
  unitPrice: z.number().optional(),
  effectiveDate: nstr,
  sortOrder: z.number().int().optional(),
});

/** RecurringServicesContractPostInputDto */
const contractInput = z.object({
  contractName: nstr,
  accountId: z.number().int(),
  slaId: nint,
  referenceNumber: nstr,
  billingCycleId: z.number().int(),
  startDate: z.string().min(1),
  endDate: z.string().min(1),
  issueInvoiceOn: nbool,
  isDefaultContract: nbool,
  isFiscalBilling: nbool,
  isNotificationEnabled: z.boolean().optional(),
  notificationEmails: z.array(z.string()).nullable().optional(),
  services: z.array(lineInput).nullable().optional(),
});

// ASSUMPTION (undocumented route, served only with config `undocumentedRoutes`): body of the line
// update. Units may be fractional (the output DTO types them as a number).
const lineUpdateInput = z.object({
  units: z.number().min(0),
  unitPrice: z.number().min(0).optional(),
  effectiveDate: z.string().min(1).optional(),
});

type LineInput = z.infer<typeof lineInput>;

function lineProblems(store: BmsStore, lines: LineInput[], where: string): Array<string | false> {
  return lines.flatMap((l, i) => [
    !store.services.has(l.serviceId) && `${where}[${i}].serviceId: service ${l.serviceId} does not exist`,
    !!l.effectiveDate && timeOf(l.effectiveDate) === undefined && `${where}[${i}].effectiveDate: '${l.effectiveDate}' is not a valid date`,
  ]);
}

function buildLine(store: BmsStore, l: LineInput, sortOrder: number, fallbackDate: string, now: string, userId: number): ServiceLine {
  const service = store.services.get(l.serviceId)!;
  return {
    id: store.nextId('line'),
    serviceId: l.serviceId,
    serviceName: l.serviceName ?? null,
    serviceDescription: l.serviceDescription ?? null,
    units: l.units,
    unitCost: l.unitCost ?? service.unitCost,
    unitPrice: l.unitPrice ?? service.unitPrice,
    // ASSUMPTION (bms-api.md §3.7): a line without an effective date starts with the contract.
    effectiveDate: l.effectiveDate ?? fallbackDate,
    sortOrder: l.sortOrder ?? sortOrder,
    createdOn: now,
    createdBy: userId,
    modifiedOn: now,
    modifiedBy: userId,
  };
}

function contractOr404(store: BmsStore, id: number): Contract {
  const contract = store.contracts.get(id);
  if (!contract) throw notFoundError('Contract', id);
  return contract;
}

export function registerContractRoutes(router: Router, ctx: RouteContext): void {
  const { store } = ctx;

  router.get('/v2/finance/contracts/summary', (req) =>
    listFromQuery(ctx, req, {
      withTotal: true,
      select: (f) => {
        const [type, name, cycle, account, status] = ['ContractType', 'ContractName', 'BillingCycle', 'AccountName', 'Status'].map((n) => f.text(n));
        return [...store.contracts.values()]
          .map((c) => ({ contract: c, row: contractSummaryDto(store, c) }))
          .filter(
            ({ row }) =>
              contains(row.contractType, type) &&
              contains(row.contractName, name) &&
              (cycle === undefined || contains(row.billingCycle, cycle)) &&
              (account === undefined || contains(row.accountName, account)) &&
              (status === undefined || contains(row.status, status)),
          )
          .map(({ contract }) => contract)
          .sort((a, b) => a.id - b.id);
      },
      toDto: (c) => contractSummaryDto(store, c),
    }),
  );

  // Un-paged, and its filters have no "Filter." prefix (S2).
  router.get('/v2/finance/contracts/lookup', (req) => {
    const q = Params.fromQuery(req.query);
    const ids = q.intList('Ids');
    const accountId = q.int('AccountId');
    const name = q.text('Name');
    const excludeExpired = q.bool('ExcludeExpiredContracts') ?? false;
    const rows = [...store.contracts.values()]
      .filter(
        (c) =>
          (ids === undefined || ids.includes(c.id)) &&
          (accountId === undefined || c.accountId === accountId) &&
          contains(c.contractName, name) &&
          (!excludeExpired || !isExpired(c)),
      )
      .sort((a, b) => a.id - b.id);
    return ok(rows.map(contractLookupDto));
  });

  router.post('/v2/finance/contracts/recurringservices', (req) => {
    const input = parseJsonBody(req, contractInput);
    const lines = input.services ?? [];
    const [start, end] = [timeOf(input.startDate), timeOf(input.endDate)];
    assertValid([
      !store.accounts.has(input.accountId) && `accountId: account ${input.accountId} does not exist`,
      !store.lookupRow('BillingCycle', input.billingCycleId) && `billingCycleId: billing cycle ${input.billingCycleId} does not exist`,
      start === undefined && `startDate: '${input.startDate}' is not a valid date`,
      end === undefined && `endDate: '${input.endDate}' is not a valid date`,
      start !== undefined && end !== undefined && end < start && 'endDate: the end date must not be before the start date',
      ...lineProblems(store, lines, 'services'),
    ]);
    const { now, userId } = writeStamp(ctx, req);
    const account = store.accounts.get(input.accountId)!;
    const id = store.nextId('contract');
    const { services: _lines, ...header } = input;
    const contract: Contract = {
      ...header,
      id,
      contractName: input.contractName?.trim() || `${account.accountName} Recurring Services`,
      contractNumber: `CON-${String(id).padStart(6, '0')}`,
      accountId: input.accountId,
      billingCycleId: input.billingCycleId,
      startDate: input.startDate,
      endDate: input.endDate,
      isActive: true,
      services: lines.map((l, i) => buildLine(store, l, i + 1, input.startDate, now, userId)),
      createdOn: now,
      createdBy: userId,
      modifiedOn: now,
      modifiedBy: userId,
    };
    store.saveContract(contract);
    return ok(recurringContractDto(store, contract));
  });

  router.post('/v2/finance/contracts/recurringservices/{contractId}/services', (req) => {
    const current = contractOr404(store, idParam(req, 'contractId'));
    const lines = parseJsonBody(req, z.array(lineInput).min(1));
    assertValid(lineProblems(store, lines, ''));
    const { now, userId } = writeStamp(ctx, req);
    const added = lines.map((l, i) => buildLine(store, l, current.services.length + i + 1, current.startDate ?? now, now, userId));
    const contract = { ...current, services: [...current.services, ...added], modifiedOn: now, modifiedBy: userId };
    store.saveContract(contract);
    // ASSUMPTION (bms-api.md §3.7): S2 answers a single object for an array body: the first added line.
    return ok(serviceLineDto(store, contract, added[0]!));
  });

  // ASSUMPTION (undocumented: no V2 endpoint, bms-api.md §3.6): read a contract's service lines.
  router.get('/v2/finance/contracts/recurringservices/{contractId}/services', (req) => {
    const contract = contractOr404(store, idParam(req, 'contractId'));
    return ok([...contract.services].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id).map((l) => serviceLineDto(store, contract, l)));
  });

  // ASSUMPTION (undocumented: no V2 endpoint): change the units (and optionally the unit price and
  // effective date) of one service line. Idempotent like any PUT.
  router.put('/v2/finance/contracts/recurringservices/{contractId}/services/{serviceLineId}', (req: SimRequest) => {
    const current = contractOr404(store, idParam(req, 'contractId'));
    const lineId = idParam(req, 'serviceLineId');
    const line = current.services.find((l) => l.id === lineId);
    if (!line) throw notFoundError('Service line', lineId);
    const input = parseJsonBody(req, lineUpdateInput);
    assertValid([input.effectiveDate !== undefined && timeOf(input.effectiveDate) === undefined && `effectiveDate: '${input.effectiveDate}' is not a valid date`]);
    const { now, userId } = writeStamp(ctx, req);
    const updated: ServiceLine = {
      ...line,
      units: input.units,
      unitPrice: input.unitPrice ?? line.unitPrice,
      effectiveDate: input.effectiveDate ?? line.effectiveDate,
      modifiedOn: now,
      modifiedBy: userId,
    };
    const contract = { ...current, services: current.services.map((l) => (l.id === lineId ? updated : l)), modifiedOn: now, modifiedBy: userId };
    store.saveContract(contract);
    return ok(serviceLineDto(store, contract, updated));
  });

  router.get('/v2/admin/finance/services/lookup', (req) =>
    listFromQuery(ctx, req, {
      withTotal: true,
      select: (f) => {
        const id = f.int('Id');
        const name = f.text('Name');
        return [...store.services.values()].filter((s) => (id === undefined || s.id === id) && contains(s.name, name)).sort((a, b) => a.id - b.id);
      },
      toDto: (s) => ({ id: s.id, name: s.name, description: s.description ?? null }),
    }),
  );

  // After `/lookup` (routes match in order). ServiceOutputDto (the fields the store keeps; the rest as null).
  router.get('/v2/admin/finance/services/{serviceId}', (req) => {
    const serviceId = idParam(req, 'serviceId');
    const s = store.services.get(serviceId);
    if (!s) throw notFoundError('Service', serviceId);
    return ok(serviceDto(s));
  });
}
