/**
 * Two-way latency at the product's default push interval: two-way is switched on with the
 * integration's settings as they are (so `schedule.pushPollEvery` is the default of
 * domain/settings.ts), the push-poll schedule runs as it would in production, and edits made in IT
 * Glue as a user are timed until BMS shows them. Before the edits, what an idle poll costs in API
 * calls is counted from the simulators' counters over a few scheduled polls.
 */
import { performance } from 'node:perf_hooks';
import { applyIntegrationSchedules, deleteSchedule } from '../../control/schedules.js';
import { scheduleIds } from '../../contract/ids.js';
import { updateSettings } from '../../db/integrations.js';
import { databaseNow } from '../../db/mirrors.js';
import type { Entity } from '../../domain/entities.js';
import { durationToMs, type IntegrationSettings } from '../../domain/settings.js';
import { moduleOf } from '../../entities/registry.js';
import type { SimulatorAdmin } from '../../simulators/common/admin-client.js';
import type { Simulator } from '../../simulators/common/simulator.js';
import { Rng } from '../../simulators/datasets/random.js';
import { groupOf, summarizeApiCalls } from './api-calls.js';
import { duration, int, quantile } from './format.js';
import { log, TASK_QUEUE, type BenchStack } from './stack.js';

/** IT Glue's documented budget (clients/rate-gate.ts): the share idle polls take of it is reported. */
const ITGLUE_BUDGET = { calls: 3_000, windowMs: 300_000 };

/**
 * The entities whose edits are timed: a mapped text field (a canonical field of the entity's
 * mapping table, which names its BMS and IT Glue wire fields) and the BMS simulator's collection.
 * Another entity is one more line here.
 */
const EDITED: Partial<Record<Entity, { field: string; bmsCollection: string }>> = {
  configuration: { field: 'notes', bmsCollection: 'hardwareAssets' },
  contact: { field: 'title', bmsCollection: 'contacts' },
};

interface EditSpec {
  entity: Entity;
  itglueCollection: string;
  itglueField: string;
  bmsCollection: string;
  bmsField: string;
}

function editSpecs(): EditSpec[] {
  return Object.entries(EDITED).map(([name, edit]) => {
    const entity = name as Entity;
    const module = moduleOf(entity);
    const mapping = (module.mapping.fields as Record<string, { bms: string; itglue: string } | undefined>)[edit.field];
    if (!mapping) throw new Error(`${entity} has no mapped field "${edit.field}" (entities/${entity}.ts)`);
    return { entity, itglueCollection: module.itglueApi.resource, itglueField: mapping.itglue, bmsCollection: edit.bmsCollection, bmsField: mapping.bms };
  });
}

export interface PollCost {
  polls: number;
  itglueCalls: number;
  bmsCalls: number;
  itglueRoutes: Record<string, number>;
  bmsRoutes: Record<string, number>;
}

export interface LatencyReport {
  edits: number;
  arrived: number;
  latenciesMs: number[];
  pushEvery: string;
  pushRuns: number;
  pushRunMs: number[];
  bmsWrites: number;
  itglueWrites: number;
  /** BMS calls during the edit phase, reads and writes, by route. */
  bmsRoutes: Record<string, number>;
  /** Edits that never reached BMS, with the push's error when it logged one. */
  failures: { entity: Entity; itglueId: string; bmsId: string; reason: string }[];
  idlePoll: PollCost;
  /** Polls right after the syncs, until the first that made no BMS call. */
  afterSync: PollCost;
  /** False when every poll made BMS calls (then `idlePoll` is the last few polls). */
  reachedIdle: boolean;
  /** IT Glue lookup-table reloads seen during the polls and the edits (not in the poll costs). */
  lookups: { calls: number; ms: number };
  /** Share of IT Glue's 3,000 calls per 5 minutes that idle polls at the default interval take. */
  idleBudgetShare: number;
}

export interface LatencyInput {
  stack: BenchStack;
  integrationId: string;
  settings: IntegrationSettings;
  bms: { sim: Simulator; admin: SimulatorAdmin };
  itglue: { sim: Simulator; admin: SimulatorAdmin };
  edits: number;
  seed: number;
}

export async function measureLatency(input: LatencyInput): Promise<LatencyReport> {
  const { stack, integrationId, bms, itglue } = input;
  const { database, client } = stack;
  stack.phase = 'two-way latency';
  const enabled = await updateSettings(database.db, integrationId, { ...input.settings, twoWay: true });
  const pushEvery = enabled.settings.schedule.pushPollEvery;
  const pushEveryMs = durationToMs(pushEvery);
  await applyIntegrationSchedules(client, TASK_QUEUE, integrationId, enabled.settings);
  // Only the push poll is measured: the regular sync schedule would compete with it.
  await deleteSchedule(client, scheduleIds.sync(integrationId));
  stack.onStop('push schedule', async () => void (await deleteSchedule(client, scheduleIds.pushPoll(integrationId)).catch(() => false)));
  log(`two-way enabled; push schedule "${scheduleIds.pushPoll(integrationId)}" every ${pushEvery} (the product default, domain/settings.ts)`);

  // Workers see the change at their next activity (activities/connectors.ts): wait for a push run started after it.
  const cacheReady = (enabled.twoWayEnabledAt ?? new Date()).getTime() + 1_000;
  while (Date.now() < cacheReady) await stack.pause(500);
  const timeout = pushEveryMs * 3 + 60_000;
  await waitForPushRuns(stack, integrationId, new Date(cacheReady), 1, timeout);

  // What polls cost, poll by poll (the counters between the ends of consecutive scheduled polls):
  // right after the syncs, polls look again at what the syncs changed in IT Glue; once a poll
  // makes no BMS call on records the integration is idle, and a few more polls give the idle cost.
  // Lookup-table reloads (a worker's lookups expire every few minutes, whatever the polls do) are
  // counted apart.
  const costs = await pollCosts(stack, integrationId, bms.sim, itglue.sim, { idlePolls: 3, timeoutMs: 5 * 60_000 + pushEveryMs * 6, pushEveryMs });
  const idlePoll = meanCost(costs.idle);
  const afterSync = meanCost(costs.afterSync);
  const pollsPerWindow = ITGLUE_BUDGET.windowMs / pushEveryMs;
  if (afterSync.polls) {
    log(
      `${afterSync.polls} push poll(s) after the syncs, before the first without BMS calls on records: ${afterSync.itglueCalls.toFixed(1)} IT Glue and ${afterSync.bmsCalls.toFixed(1)} BMS calls each (${formatRoutes(afterSync.bmsRoutes)})`,
    );
  }
  log(
    `idle push poll (mean of ${idlePoll.polls}${costs.reachedIdle ? '' : '; NO poll was free of BMS calls'}): ${idlePoll.itglueCalls.toFixed(1)} IT Glue calls (${formatRoutes(idlePoll.itglueRoutes)}), ` +
      `${idlePoll.bmsCalls.toFixed(1)} BMS calls (${formatRoutes(idlePoll.bmsRoutes) || 'none'}); every ${pushEvery} that is ${int(idlePoll.itglueCalls * pollsPerWindow)} IT Glue calls per 5 minutes (lookup reloads apart)`,
  );

  const specs = editSpecs();
  const targets = await database.sql<{ entity: Entity; bms_id: string; itglue_id: string }[]>`
    select entity, bms_id, itglue_id from links
    where integration_id = ${integrationId} and state = 'enabled' and entity in ${database.sql(specs.map((s) => s.entity))}
      and bms_id is not null and itglue_id is not null
    order by entity, id`;
  const candidates = specs.map((spec) => ({ spec, links: targets.filter((t) => t.entity === spec.entity) })).filter((c) => c.links.length > 0);
  if (candidates.length === 0) throw new Error(`no linked ${specs.map((s) => s.entity).join(' or ')} to edit`);
  const rng = Rng.stream(input.seed, 'bench-edits');
  const pick = <T>(list: T[]): T => list[Math.floor(rng.next() * list.length)]!;

  bms.sim.resetCounters();
  itglue.sim.resetCounters();
  const phaseStart = new Date();
  const editsStarted = performance.now();
  const latencies: number[] = [];
  const failures: LatencyReport['failures'] = [];
  let arrived = 0;
  for (let i = 0; i < input.edits; i++) {
    // Round robin over the edited entities.
    const { spec, links } = candidates[i % candidates.length]!;
    const target = pick(links);
    const value = `bench ${i + 1} ${Date.now().toString(36)}`;
    const editedAtDate = await databaseNow(database.db);
    await itglue.admin.edit(spec.itglueCollection, target.itglue_id, { [spec.itglueField]: value });
    const editedAt = performance.now();
    const deadline = editedAt + pushEveryMs * 3 + 60_000;
    let ms: number | null = null;
    let refused: string | null = null;
    for (let poll = 0; performance.now() < deadline && refused === null; poll++) {
      const record = await bms.admin.get<Record<string, unknown>>(spec.bmsCollection, target.bms_id);
      if (record[spec.bmsField] === value) {
        ms = performance.now() - editedAt;
        break;
      }
      // A push that logged an error or a hold for the record will not bring it: stop waiting.
      if (poll % 10 === 9) refused = await pushRefusal(stack, integrationId, spec.entity, target.itglue_id, editedAtDate);
      await stack.pause(100);
    }
    const what = `IT Glue ${spec.itglueCollection} ${target.itglue_id} (${spec.itglueField}) → BMS ${spec.bmsCollection} ${target.bms_id} (${spec.bmsField})`;
    if (ms === null) {
      const reason = refused ?? `did not arrive within ${duration(deadline - editedAt)}`;
      failures.push({ entity: spec.entity, itglueId: target.itglue_id, bmsId: target.bms_id, reason });
      log(`  edit ${i + 1}/${input.edits}: ${what}: did NOT arrive: ${reason}`);
    } else {
      arrived++;
      latencies.push(ms);
      log(`  edit ${i + 1}/${input.edits}: ${what} in ${duration(ms)}`);
    }
    // Spread the edits over the schedule's phase: wait a random part of an interval.
    if (i + 1 < input.edits) await stack.pause(Math.floor(rng.next() * pushEveryMs));
  }
  const pushRuns = await database.sql<{ ms: number; status: string }[]>`
    select extract(epoch from (finished_at - started_at)) * 1000 as ms, status from sync_runs
    where integration_id = ${integrationId} and kind = 'push' and started_at >= ${phaseStart.toISOString()} and finished_at is not null`;
  const api = summarizeApiCalls({ bms: bms.sim.counterSnapshot(), itglue: itglue.sim.counterSnapshot() });
  const lookups = {
    calls: costs.lookupCalls + lookupCallsOf(api.routes.itglue),
    ms: costs.ms + (performance.now() - editsStarted),
  };
  const idleBudgetShare = (idlePoll.itglueCalls * pollsPerWindow) / ITGLUE_BUDGET.calls;
  log(
    `idle polling every ${pushEvery}: ${int(idlePoll.itglueCalls * pollsPerWindow)} IT Glue calls per 5 minutes = ${(idleBudgetShare * 100).toFixed(1)} % of ${int(ITGLUE_BUDGET.calls)}; ` +
      `besides, lookup-table reloads (a worker's every few minutes, whatever the interval): ${int(lookups.calls)} IT Glue calls in the ${duration(lookups.ms)} of polls and edits`,
  );
  const report: LatencyReport = {
    edits: input.edits,
    arrived,
    // An edit that never arrived counts as infinitely late in the quantiles.
    latenciesMs: [...latencies, ...Array<number>(input.edits - arrived).fill(Number.POSITIVE_INFINITY)],
    pushEvery,
    pushRuns: pushRuns.length,
    pushRunMs: pushRuns.map((r) => Number(r.ms)),
    bmsWrites: api.writes.bms,
    itglueWrites: api.writes.itglue,
    bmsRoutes: api.routes.bms,
    failures,
    idlePoll,
    afterSync,
    reachedIdle: costs.reachedIdle,
    lookups,
    idleBudgetShare,
  };
  const failedPushes = pushRuns.filter((r) => r.status !== 'completed').length;
  log(
    `two-way latency: ${arrived}/${input.edits} edits arrived; p50 ${duration(quantile(report.latenciesMs, 0.5))}, p95 ${duration(quantile(report.latenciesMs, 0.95))}, ` +
      `max ${duration(Math.max(...report.latenciesMs))}; ${pushRuns.length} push runs (${failedPushes} not completed), ` +
      `run time p50 ${duration(quantile(report.pushRunMs, 0.5))}, p95 ${duration(quantile(report.pushRunMs, 0.95))}; writes BMS ${api.writes.bms}, IT Glue ${api.writes.itglue}`,
  );
  return report;
}

interface OnePoll {
  itglue: Record<string, number>;
  bms: Record<string, number>;
}

const callsOf = (routes: Record<string, number>) => Object.values(routes).reduce((a, b) => a + b, 0);
const withoutLookups = (system: 'bms' | 'itglue', routes: Record<string, number>) => Object.fromEntries(Object.entries(routes).filter(([route]) => groupOf(system, route) !== 'lookups'));
const lookupCallsOf = (routes: Record<string, number>) => callsOf(Object.fromEntries(Object.entries(routes).filter(([route]) => groupOf('itglue', route) === 'lookups')));

function meanCost(polls: OnePoll[]): PollCost {
  const n = polls.length;
  const mean = (pick: (p: OnePoll) => Record<string, number>) => {
    const sum: Record<string, number> = {};
    for (const p of polls) for (const [route, calls] of Object.entries(pick(p))) sum[route] = (sum[route] ?? 0) + calls;
    return Object.fromEntries(Object.entries(sum).map(([route, calls]) => [route, calls / n]));
  };
  const itglueRoutes = n ? mean((p) => p.itglue) : {};
  const bmsRoutes = n ? mean((p) => p.bms) : {};
  return { polls: n, itglueCalls: callsOf(itglueRoutes), bmsCalls: callsOf(bmsRoutes), itglueRoutes, bmsRoutes };
}

/**
 * The calls of consecutive scheduled push polls, one by one, lookup reloads apart (counted in
 * `lookupCalls`, IT Glue's): polls until the first without BMS calls on records are `afterSync`;
 * then `idlePolls` more are `idle`. When no poll gets free of BMS calls
 * before the timeout, the last `idlePolls` polls stand for idle.
 */
async function pollCosts(
  stack: BenchStack,
  integrationId: string,
  bmsSim: Simulator,
  itgSim: Simulator,
  options: { idlePolls: number; timeoutMs: number; pushEveryMs: number },
): Promise<{ afterSync: OnePoll[]; idle: OnePoll[]; reachedIdle: boolean; lookupCalls: number; ms: number }> {
  const deadline = Date.now() + options.timeoutMs;
  let lookupCalls = 0;
  const polls: OnePoll[] = [];
  let firstIdle: number | null = null;
  let done = await completedPushRuns(stack, integrationId, new Date(0));
  // Start counting at the end of a poll.
  await waitForPushRuns(stack, integrationId, new Date(0), done + 1, options.pushEveryMs * 3 + 60_000);
  done++;
  bmsSim.resetCounters();
  itgSim.resetCounters();
  const started = performance.now();
  while (firstIdle === null || polls.length < firstIdle + options.idlePolls) {
    if (Date.now() > deadline && polls.length >= options.idlePolls) break;
    await waitForPushRuns(stack, integrationId, new Date(0), done + 1, options.pushEveryMs * 3 + 60_000);
    done++;
    const itglueRoutes = itgSim.counterSnapshot().routes;
    const poll = { itglue: withoutLookups('itglue', itglueRoutes), bms: withoutLookups('bms', bmsSim.counterSnapshot().routes) };
    lookupCalls += lookupCallsOf(itglueRoutes);
    bmsSim.resetCounters();
    itgSim.resetCounters();
    polls.push(poll);
    // A token refresh is not work on records.
    const recordCalls = Object.entries(poll.bms).filter(([route]) => groupOf('bms', route) !== 'auth');
    if (firstIdle === null && recordCalls.length === 0) firstIdle = polls.length - 1;
  }
  const measured = { lookupCalls, ms: performance.now() - started };
  if (firstIdle === null) return { afterSync: polls.slice(0, -options.idlePolls), idle: polls.slice(-options.idlePolls), reachedIdle: false, ...measured };
  return { afterSync: polls.slice(0, firstIdle), idle: polls.slice(firstIdle, firstIdle + options.idlePolls), reachedIdle: true, ...measured };
}

export const formatRoutes = (routes: Record<string, number>) =>
  Object.entries(routes)
    .map(([route, n]) => `${route} ×${n.toFixed(1)}`)
    .join(', ');

/** The error or hold a push logged for the record since `since`, if any. */
async function pushRefusal(stack: BenchStack, integrationId: string, entity: Entity, itglueId: string, since: Date): Promise<string | null> {
  const [row] = await stack.database.sql<{ action: string; message: string }[]>`
    select action, message from sync_log
    where integration_id = ${integrationId} and entity = ${entity} and itglue_id = ${itglueId} and action in ('error', 'hold') and created_at >= ${since.toISOString()}
    order by id desc limit 1`;
  return row ? `the push logged ${row.action}: ${row.message}` : null;
}

async function completedPushRuns(stack: BenchStack, integrationId: string, after: Date): Promise<number> {
  const [row] = await stack.database.sql<{ n: string }[]>`
    select count(*) as n from sync_runs
    where integration_id = ${integrationId} and kind = 'push' and started_at >= ${after.toISOString()} and status = 'completed'`;
  return Number(row?.n ?? 0);
}

/** Waits until at least `count` push runs started after `after` have completed. */
async function waitForPushRuns(stack: BenchStack, integrationId: string, after: Date, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await completedPushRuns(stack, integrationId, after)) >= count) return;
    await stack.pause(200);
  }
  throw new Error(`fewer than ${count} scheduled push runs completed within ${duration(timeoutMs)} (is the push schedule running? see the worker log)`);
}
