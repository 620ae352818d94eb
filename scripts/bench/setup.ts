/**
 * What both benchmark modes set up: a generated dataset, a BMS and IT Glue simulator pair serving
 * it (in this process), and an integration pointing at them with its credentials stored.
 */
import { performance } from 'node:perf_hooks';
import { getIntegration, insertIntegration } from '../../db/integrations.js';
import { keyRingFromEnv, storeSecret } from '../../db/secrets.js';
import { insertRule } from '../../db/tickets.js';
import type { TicketSettingInput } from '../../domain/tickets/conditions.js';
import type { IntegrationSettings, IntegrationSettingsInput } from '../../domain/settings.js';
import { createBmsSimulator } from '../../simulators/bms/simulator.js';
import { SimulatorAdmin } from '../../simulators/common/admin-client.js';
import type { Simulator } from '../../simulators/common/simulator.js';
import { generateDataset } from '../../simulators/datasets/generate.js';
import { ACCOUNT_TYPES } from '../../simulators/datasets/generate/model.js';
import { BMS_ASSET_CATEGORIES } from '../../simulators/datasets/hardware.js';
import { createItGlueSimulator } from '../../simulators/itglue/simulator.js';
import type { DatasetSizes } from './options.js';
import type { BenchStack } from './stack.js';

type Dataset = ReturnType<typeof generateDataset>;

/**
 * Everything the generated dataset has: every account type and asset category, active and
 * inactive records, contacts on, auto-create on; tickets on, with one ticket setting (below), since
 * their notes and IT Glue assets are part of the cost; one-way until the latency measurement.
 */
export const BENCH_SETTINGS: IntegrationSettingsInput = {
  accountTypes: [...ACCOUNT_TYPES],
  accountStatuses: ['active', 'inactive'],
  assetCategories: [...BMS_ASSET_CATEGORIES],
  assetStatuses: ['active', 'inactive'],
  contactsEnabled: true,
  ticketsEnabled: true,
  twoWay: false,
};

/** The ticket organization's passwords on network, e-mail and printing tickets (notes in BMS). */
export const BENCH_TICKET_SETTING: TicketSettingInput = {
  name: 'Organization passwords',
  description: "The ticket organization's passwords on network, e-mail and printing tickets",
  conditions: [
    [{ attribute: 'issue-type', operator: 'is', value: 'Network' }],
    [{ attribute: 'issue-type', operator: 'is', value: 'Email' }],
    [{ attribute: 'title', operator: 'contains', value: 'print' }],
  ],
  actions: [[{ attribute: 'password-organization', operator: 'is', value: '[organization_name]' }]],
};

export interface GeneratedSizes {
  dataset: Dataset['dataset'];
  summary: Dataset['summary'];
  /** BMS records in scope: accounts + locations + contacts + hardware assets (tickets apart). */
  records: number;
  ms: number;
}

export function generate(sizes: DatasetSizes, seed: number): GeneratedSizes {
  const started = performance.now();
  // Ticket dates are relative to now, so the ticket sync's 90-day window takes the same share whenever it runs.
  const { dataset, summary } = generateDataset({ seed, ...sizes, now: new Date().toISOString() });
  const records = summary['bms.accounts']! + summary['bms.locations']! + summary['bms.contacts']! + summary['bms.hardwareAssets']!;
  return { dataset, summary, records, ms: performance.now() - started };
}

export function describeDataset(summary: Record<string, number>): string {
  const n = (key: string) => (summary[key] ?? 0).toLocaleString('en-US');
  return (
    `BMS ${n('bms.accounts')} accounts, ${n('bms.locations')} locations, ${n('bms.contacts')} contacts, ${n('bms.hardwareAssets')} hardware assets, ${n('bms.tickets')} tickets; ` +
    `IT Glue ${n('itglue.organizations')} organizations, ${n('itglue.locations')} locations, ${n('itglue.contacts')} contacts, ${n('itglue.configurations')} configurations`
  );
}

export interface SimulatorSide {
  sim: Simulator;
  admin: SimulatorAdmin;
  url: string;
}

export interface SimulatorPair {
  bms: SimulatorSide;
  itglue: SimulatorSide;
}

/** Rate limits a simulator pair enforces (each pair is one BMS tenant and one IT Glue account). */
export interface SimulatorLimits {
  bms: { perEndpoint: number; windowSeconds: number };
  itglue: { perAccount: number; windowSeconds: number };
}

export async function startSimulatorPair(stack: BenchStack, dataset: Dataset['dataset'], limits: SimulatorLimits): Promise<SimulatorPair> {
  const bmsSim = createBmsSimulator({ dataset, config: { rateLimitPerHour: limits.bms.perEndpoint, rateLimitWindowSeconds: limits.bms.windowSeconds } });
  const itgSim = createItGlueSimulator({ dataset, config: { rateLimit: limits.itglue.perAccount, rateLimitWindowSeconds: limits.itglue.windowSeconds } });
  const [bmsServer, itgServer] = [await bmsSim.listen(0), await itgSim.listen(0)];
  stack.onStop('simulators', async () => void (await Promise.all([bmsServer.close(), itgServer.close()])));
  return {
    bms: { sim: bmsSim, admin: new SimulatorAdmin(bmsServer.url), url: bmsServer.url },
    itglue: { sim: itgSim, admin: new SimulatorAdmin(itgServer.url), url: itgServer.url },
  };
}

/** Creates the integration with the benchmark's settings and its credentials; returns the resolved settings. */
export async function createIntegration(stack: BenchStack, id: string, pair: SimulatorPair, dataset: Dataset['dataset']): Promise<IntegrationSettings> {
  const { db } = stack.database;
  const bmsUser = dataset.bms!.users[0]!;
  await insertIntegration(db, {
    id,
    name: `Benchmark ${id}`,
    bmsBaseUrl: pair.bms.url,
    bmsTenant: dataset.bms!.tenant,
    bmsUserName: bmsUser.userName,
    itglueBaseUrl: pair.itglue.url,
    settings: BENCH_SETTINGS,
  });
  const keyRing = keyRingFromEnv(stack.encryptionKey);
  await storeSecret(db, keyRing, id, 'bms-password', bmsUser.password);
  await storeSecret(db, keyRing, id, 'itglue-api-key', dataset.itglue!.apiKeys[0]!);
  await insertRule(db, id, 'suggestion', BENCH_TICKET_SETTING);
  return (await getIntegration(db, id)).settings;
}
