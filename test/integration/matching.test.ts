/**
 * Matching (SPEC §5) end to end: a generated dataset with every kind of deliberate tricky case
 * is loaded into both simulators, one full sync runs on the real Temporal dev server, and the
 * links it leaves in PostgreSQL must be exactly the generator's expected links, with the rule,
 * tier and explanation of each decision recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES, type Entity } from '../../domain/entities.js';
import { namesOf } from '../../entities/registry.js';
import { CASE_KINDS, generateDatasetDetailed, type TrickyCase } from '../../simulators/datasets/generate.js';
import { createHarness, type Harness } from '../support/harness.js';
import { SYNC_EVERYTHING, allLinks, logRows, runSync, type LinkRow, type LogRow } from '../support/sync.js';

// 16 accounts give at least one case of every kind (asserted below); fewer assets keep it quick.
const generated = generateDatasetDetailed({ accounts: 16, assets: 250, contacts: 120, seed: 7 });
const { dataset, cases, expectedLinks } = generated;

const RULES: Record<Entity, string> = {
  organization: 'organization-name',
  location: 'location-address',
  contact: 'contact-name',
  configuration: 'configuration-identity',
  ticket: 'ticket-number',
};
const BMS_COUNT: Record<Entity, number> = {
  organization: dataset.bms!.accounts.length,
  location: dataset.bms!.accounts.reduce((n, a) => n + a.locations.length, 0),
  contact: dataset.bms!.contacts.length,
  configuration: dataset.bms!.hardwareAssets.length,
  // Tickets are off in these settings.
  ticket: 0,
};
const ORIGINAL_ITGLUE_IDS: Record<Entity, Set<string>> = {
  organization: new Set(dataset.itglue!.organizations.map((r) => r.id)),
  location: new Set(dataset.itglue!.locations.map((r) => r.id)),
  contact: new Set(dataset.itglue!.contacts.map((r) => r.id)),
  configuration: new Set(dataset.itglue!.configurations.map((r) => r.id)),
  ticket: new Set(),
};

let h: Harness;
const links = {} as Record<Entity, Map<string, LinkRow>>;
let matchLogs: LogRow[];
let runId: number;

beforeAll(async () => {
  h = await createHarness({ dataset, settings: SYNC_EVERYTHING });
  const result = await runSync(h, 'full');
  runId = result.runId;
  for (const entity of ENTITIES) links[entity] = new Map((await allLinks(h, entity)).map((l) => [l.bmsId!, l]));
  matchLogs = await logRows(h, { runId, action: 'match' });
});
afterAll(async () => h?.close());

const caseOf = (kind: TrickyCase['kind']) => cases.filter((c) => c.kind === kind);

describe('a first full sync of a dataset with every tricky case', () => {
  it('has at least one case of every kind', () => {
    for (const kind of CASE_KINDS) expect(caseOf(kind).length, kind).toBeGreaterThan(0);
  });

  it('links every eligible BMS record without an error', async () => {
    expect(await logRows(h, { runId, action: 'error' })).toEqual([]);
    for (const entity of ENTITIES) {
      const rows = [...links[entity].values()];
      expect(rows.length, entity).toBe(BMS_COUNT[entity]);
      expect(rows.filter((l) => l.state !== 'enabled' || !l.itglueId), entity).toEqual([]);
    }
  });

  it('matches exactly the expected links and creates the rest', () => {
    for (const entity of ENTITIES) {
      const matched = Object.fromEntries(
        [...links[entity].values()].filter((l) => l.matchRule !== 'created').map((l) => [l.bmsId!, l.itglueId!]),
      );
      expect(matched, entity).toEqual(expectedLinks[entity]);
      for (const l of links[entity].values()) {
        if (l.matchRule !== 'created') continue;
        // A created record is new in IT Glue, never one that was there before.
        expect(ORIGINAL_ITGLUE_IDS[entity].has(l.itglueId!), `${entity} ${l.bmsId}`).toBe(false);
        expect(l.matchExplanation).toMatch(new RegExp(`^no matching IT Glue ${namesOf(entity).itglue}`));
      }
    }
  });

  it('keeps links one-to-one', () => {
    for (const entity of ENTITIES) {
      const itglueIds = [...links[entity].values()].map((l) => l.itglueId);
      expect(new Set(itglueIds).size, entity).toBe(itglueIds.length);
    }
  });

  it('records the rule, tier and explanation of every match on the link and in the log', () => {
    for (const entity of ENTITIES) {
      for (const l of links[entity].values()) {
        if (l.matchRule === 'created') continue;
        expect(l.matchRule, `${entity} ${l.bmsId}`).toBe(RULES[entity]);
        if (entity === 'configuration') expect([1, 2, 3, 4]).toContain(l.matchTier);
        else expect(l.matchTier).toBeNull();
        expect(l.matchExplanation).toContain(`Matched IT Glue ${namesOf(entity).itglue} ${l.itglueId}`);
        const log = matchLogs.find((m) => m.entity === entity && m.bmsId === l.bmsId);
        expect(log, `match log of ${entity} ${l.bmsId}`).toBeDefined();
        expect(log!.itglueId).toBe(l.itglueId);
        expect(log!.message).toBe(l.matchExplanation);
        expect(log!.details).toMatchObject({ rule: RULES[entity], tier: l.matchTier });
      }
    }
  });

  describe.each(CASE_KINDS.map((kind) => [kind]))('case %s', (kind) => {
    it('is decided as the generator expects', () => {
      for (const c of caseOf(kind)) {
        const link = links[c.entity].get(c.bmsId);
        const label = `${c.kind} ${c.entity} ${c.bmsId}: ${c.note}`;
        expect(link, label).toBeDefined();
        if (c.expected.outcome === 'match') {
          expect(link!.itglueId, label).toBe(c.expected.itglueId);
          expect(link!.matchRule, label).toBe(RULES[c.entity]);
          if (c.expected.tier) expect(link!.matchTier, label).toBe(c.expected.tier);
        } else {
          expect(link!.matchRule, label).toBe('created');
          expect(c.itglueIds, label).not.toContain(link!.itglueId);
        }
      }
    });
  });

  it('explains why a same-named record was not taken', () => {
    for (const c of [...caseOf('same-name-different-serial'), ...caseOf('configuration-type-differs')]) {
      const explanation = links.configuration.get(c.bmsId)!.matchExplanation!;
      expect(explanation, c.note).toContain(`closest rejected: ${c.itglueIds[0]}`);
    }
    for (const c of caseOf('same-name-different-serial')) expect(links.configuration.get(c.bmsId)!.matchExplanation).toContain('serial number differs');
    for (const c of caseOf('configuration-type-differs')) expect(links.configuration.get(c.bmsId)!.matchExplanation).toContain('configuration type differs');
    for (const c of caseOf('location-address2-differs')) expect(links.location.get(c.bmsId)!.matchExplanation).toContain('address 2 differs');
    for (const c of caseOf('duplicate-account-name')) {
      // Same-named accounts are decided together: the earlier-created one takes the organization.
      expect(links.organization.get(c.bmsId)!.matchExplanation).toContain('instead (a better or earlier pair)');
    }
  });

  it('prefers the earliest-created candidate, then the lowest id', () => {
    for (const c of caseOf('duplicate-organization-earliest')) {
      const [decoy, winner] = c.itglueIds;
      expect(Number(winner)).toBeGreaterThan(Number(decoy)); // the older record has the higher id
      expect(links.organization.get(c.bmsId)!.itglueId).toBe(winner);
      expect(links.organization.get(c.bmsId)!.matchExplanation).toContain('chosen over 1 later-created candidate');
      // The decoy stays unlinked: nobody else has that name.
      expect([...links.organization.values()].some((l) => l.itglueId === decoy)).toBe(false);
    }
    for (const c of caseOf('tie-earliest-created')) {
      const link = links.configuration.get(c.bmsId)!;
      expect(link.itglueId).toBe(c.itglueIds[1]); // the clone: higher id, created earlier
      expect(link.matchExplanation).toContain('chosen over 1 later-created candidate');
    }
    for (const c of caseOf('tie-lowest-id')) {
      const link = links.configuration.get(c.bmsId)!;
      expect(link.itglueId).toBe(c.itglueIds[0]);
      expect(link.matchExplanation).toContain('created at the same time with a higher id');
      const log = matchLogs.find((m) => m.entity === 'configuration' && m.bmsId === c.bmsId)!;
      expect(log.details).toMatchObject({ tiedWith: [c.itglueIds[1]] });
    }
  });

  it('leaves the contact of a configuration empty when the BMS contact belongs to another account, and logs it', async () => {
    const warnings = await logRows(h, { runId, entity: 'configuration', action: 'warning' });
    for (const c of caseOf('foreign-contact')) {
      const asset = dataset.bms!.hardwareAssets.find((a) => String(a.id) === c.bmsId)!;
      const configuration = await h.itglue.admin.get<Record<string, unknown>>('configurations', c.expected.itglueId!);
      expect(configuration['contact-id'] ?? null, c.note).toBeNull();
      const warning = warnings.find((w) => w.bmsId === c.bmsId && w.message.includes('belongs to another account'));
      expect(warning, c.note).toBeDefined();
      expect(warning!.message).toContain(`BMS contact ${asset.contactId}`);
    }
  });
});
