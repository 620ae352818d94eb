/**
 * Test oracle: a first pull of a generated dataset decided by the real planner
 * (domain/sync/planner.ts) with the real entity modules, parents first, every BMS record of an
 * entity in one batch, nothing applied. Returns every link it would make and every matching
 * decision, so tests can compare them with the generator's recorded cases and with real runs.
 */
import { Lookups } from '../../../activities/sync/lookups.js';
import { ENTITIES, type Entity } from '../../../domain/entities.js';
import type { MappingContext, WireRecord } from '../../../domain/mapping/fields.js';
import type { MatchDecision } from '../../../domain/matching.js';
import type { LinkView, PlanInput, SourceRecord } from '../../../domain/sync/model.js';
import { plan } from '../../../domain/sync/planner.js';
import { defaultSettings } from '../../../domain/settings.js';
import { moduleOf } from '../../../entities/registry.js';
import type { Dataset } from '../../../simulators/datasets/format.js';

export type EntityName = Entity;

export interface FirstSync {
  links: Record<Entity, Map<string, string>>;
  decisions: Record<Entity, Map<string, MatchDecision>>;
}

const blank = <T>(): Record<Entity, Map<string, T>> => Object.fromEntries(ENTITIES.map((e) => [e, new Map<string, T>()])) as Record<Entity, Map<string, T>>;

export function simulateFirstSync(dataset: Dataset): FirstSync {
  const bms = dataset.bms!;
  const itg = dataset.itglue!;
  const links = blank<string>();
  const decisions = blank<MatchDecision>();

  const lookups = Lookups.fromLists(
    { accountTypes: bms.accountTypes, ...bms.lookups },
    {
      organizationTypes: itg.organizationTypes,
      organizationStatuses: itg.organizationStatuses,
      configurationTypes: itg.configurationTypes,
      configurationStatuses: itg.configurationStatuses,
      manufacturers: itg.manufacturers,
      models: itg.models,
      operatingSystems: itg.operatingSystems,
      platforms: itg.platforms,
      countries: itg.countries,
      regions: itg.regions,
      contactTypes: itg.contactTypes,
    },
    [],
  );
  // Every record is eligible: matching is what the oracle is about.
  const settings = {
    ...defaultSettings(),
    accountTypes: bms.accountTypes.map((t) => t.name),
    accountStatuses: ['active', 'inactive'] as ('active' | 'inactive')[],
    assetCategories: (bms.lookups.AssetCategory ?? []).map((c) => c.name),
    assetStatuses: ['active', 'inactive'] as ('active' | 'inactive')[],
  };

  const primary = new Map<string, { mac: string | null; ip: string | null }>();
  for (const i of itg.configurationInterfaces) if (i.primary) primary.set(String(i['configuration-id']), { mac: i['mac-address'] ?? null, ip: i['ip-address'] ?? null });
  const contactAccount = new Map(bms.contacts.map((c) => [String(c.id), String(c.accountId)]));

  const bmsWire: Record<Entity, WireRecord[]> = {
    organization: bms.accounts as WireRecord[],
    location: bms.accounts.flatMap((a) => a.locations.map((l) => ({ ...l, accountId: a.id }) as WireRecord)),
    contact: bms.contacts as WireRecord[],
    configuration: bms.hardwareAssets as WireRecord[],
    ticket: (bms.tickets ?? []) as WireRecord[],
  };
  const itgWire: Record<Entity, WireRecord[]> = {
    organization: itg.organizations as WireRecord[],
    location: itg.locations as WireRecord[],
    contact: itg.contacts as WireRecord[],
    configuration: itg.configurations.map((c) => ({ ...c, 'mac-address': primary.get(String(c.id))?.mac ?? null, 'primary-ip': primary.get(String(c.id))?.ip ?? null })) as WireRecord[],
    // IT Glue holds no BMS Ticket assets before the engine makes them.
    ticket: [],
  };

  const context: MappingContext = {
    bms: lookups.bms,
    itglue: lookups.itglue,
    refs: {
      toItGlue: (entity, bmsId) => links[entity].get(bmsId) ?? null,
      toBms: (entity, itglueId) => [...links[entity]].find(([, i]) => i === itglueId)?.[0] ?? null,
    },
    bmsParentOf: (entity, id) => (entity === 'contact' ? (contactAccount.get(id) ?? null) : null),
    warn: () => undefined,
  };

  for (const entity of ENTITIES) {
    const module = moduleOf(entity);
    const records: SourceRecord[] = bmsWire[entity].map((r) => ({ ...module.bms.identify(r), record: r }));
    const candidates: SourceRecord[] = itgWire[entity].map((r) => ({ ...module.itglue.identify(r), record: r }));
    const parentLinks = new Map<string, LinkView>(
      [...links.organization].map(([bmsId, itglueId]) => [
        bmsId,
        { id: 0, state: 'enabled', bmsId, itglueId, bmsParentId: null, itglueParentId: null, reason: null, snapshot: null, bmsModifiedAt: null, itglueUpdatedAt: null, matchRule: null },
      ]),
    );
    const input: PlanInput<object> = {
      rules: module as unknown as PlanInput<object>['rules'],
      direction: 'pull',
      settings,
      twoWayEnabledAt: null,
      undocumentedBmsRoutes: false,
      records,
      links: new Map(),
      parentLinks,
      overrides: new Map(),
      others: new Map(),
      candidates,
      taken: new Set(),
      pendingCreates: new Set(),
      context,
    };
    for (const d of plan(input).decisions) {
      if (d.kind === 'link') {
        links[entity].set(d.record.id, d.other.id);
        decisions[entity].set(d.record.id, { outcome: 'matched', candidateId: d.other.id, rule: d.match.rule, tier: d.match.tier, explanation: d.match.explanation, tiedWith: d.match.tiedWith });
      } else if (d.kind === 'create' || d.kind === 'unmatched') {
        decisions[entity].set(d.record.id, { outcome: 'no-match', rule: module.matchRule.rule, explanation: d.reason, rejected: [] });
      }
    }
  }
  return { links, decisions };
}
