/** `integration …`: create, list, show, configure, credentials, schedules, hard-delete flag. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { assertSafeBaseUrl } from '../../clients/http.js';
import { getIntegration, insertIntegration, listIntegrations, updateIntegration, updateSettings } from '../../db/integrations.js';
import { integrationSecrets } from '../../db/schema.js';
import { credentialKeyProblem, readSecret, storeSecret, type SecretName } from '../../db/secrets.js';
import { integrationIdSchema, integrationSettingsSchema, REGIONS, settingsWidening, type IntegrationSettings } from '../../domain/settings.js';
import type { CliContext } from '../context.js';
import { parseAssignment, secretFromEnv, UsageError } from '../errors.js';
import { output, printJson } from '../output.js';
import { eq } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors.js';

/** Loaded on use, like the Temporal client (cli/context.ts). */
async function applySchedules(ctx: CliContext, integrationId: string, settings: IntegrationSettings) {
  const { applyIntegrationSchedules } = await import('../../control/schedules.js');
  return applyIntegrationSchedules(await ctx.temporal(), ctx.taskQueue, integrationId, settings);
}

/** Whether the integration has its regular sync schedule (one created with --no-schedules has none). */
async function hasSchedules(ctx: CliContext, integrationId: string): Promise<boolean> {
  const [{ ScheduleNotFoundError }, { scheduleIds }] = await Promise.all([import('@temporalio/client'), import('../../contract/ids.js')]);
  try {
    await (await ctx.temporal()).schedule.getHandle(scheduleIds.sync(integrationId)).describe();
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

const addSchedulesHint = (id: string) => `integration ${id} has no schedules (created with --no-schedules); add them with: integration schedules ${id}`;

/** Refuses credentials the workers could not read (db/secrets.ts credentialKeyProblem). */
async function assertWorkersCanRead(ctx: CliContext, integrationId: string, rotate = false): Promise<void> {
  const problem = await credentialKeyProblem(ctx.database.db, ctx.keyRing, integrationId, { rotate });
  if (problem) throw new UsageError(`credentials not stored: ${problem}`);
}

function checkUrl(service: 'bms' | 'itglue', url: string): string {
  try {
    return assertSafeBaseUrl(service, url).href.replace(/\/$/, '');
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerIntegrationCommands(program: Command, context: () => CliContext): void {
  const integration = program.command('integration').description('create and configure integrations (one BMS tenant ↔ one IT Glue account)');

  integration
    .command('create <id>')
    .description('create an integration, store its credentials and create its schedules')
    .requiredOption('--name <name>', 'a unique display name')
    .requiredOption('--bms-url <url>', 'BMS API base URL, e.g. https://api.bms.kaseya.com')
    .requiredOption('--bms-tenant <tenant>', 'BMS company name (My Settings)')
    .requiredOption('--bms-user <user>', 'BMS API employee user name')
    .requiredOption('--itglue-url <url>', 'IT Glue API base URL, e.g. https://api.itglue.com')
    .option('--bms-password-env <VAR>', 'environment variable holding the BMS password')
    .option('--itglue-api-key-env <VAR>', 'environment variable holding the IT Glue API key')
    .option('--region <region>', `billing region (${REGIONS.join(', ')})`)
    .option('--settings-file <file>', 'sync settings as JSON (see README "Sync settings")')
    .option('--set <key=value>', 'one setting, e.g. twoWay=true or accountTypes=["Customer"] (repeatable)', collect)
    .option('--no-schedules', 'do not create the Temporal schedules now')
    .option('--json', 'print JSON')
    .action(async (id: string, opts) => {
      const ctx = context();
      const parsedId = integrationIdSchema.safeParse(id);
      if (!parsedId.success) throw new UsageError(`integration id ${parsedId.error.issues[0]!.message}`);
      const settings: Record<string, unknown> = opts.settingsFile ? (readJsonFile(opts.settingsFile) as Record<string, unknown>) : {};
      for (const assignment of (opts.set as string[] | undefined) ?? []) {
        const { path, value } = parseAssignment(assignment);
        setPath(settings, path, value);
      }
      if (opts.region) settings.region = opts.region;
      const validated = integrationSettingsSchema.parse(settings);
      const bmsPassword = secretFromEnv(opts.bmsPasswordEnv, 'BMS password');
      const itglueKey = secretFromEnv(opts.itglueApiKeyEnv, 'IT Glue API key');
      const { db } = ctx.database;
      if (bmsPassword || itglueKey) await assertWorkersCanRead(ctx, id);
      const row = await insertIntegration(db, {
        id,
        name: opts.name,
        bmsBaseUrl: checkUrl('bms', opts.bmsUrl),
        bmsTenant: opts.bmsTenant,
        bmsUserName: opts.bmsUser,
        itglueBaseUrl: checkUrl('itglue', opts.itglueUrl),
        settings: validated,
      }).catch((err: unknown) => {
        if (isUniqueViolation(err)) throw new UsageError(`an integration with id "${id}" or name "${opts.name}" already exists`);
        throw err;
      });
      if (bmsPassword) await storeSecret(db, ctx.keyRing, id, 'bms-password', bmsPassword);
      if (itglueKey) await storeSecret(db, ctx.keyRing, id, 'itglue-api-key', itglueKey);
      const schedules = opts.schedules ? await applySchedules(ctx, id, row.settings) : {};
      output(opts.json, { integration: row.id, schedules, credentials: { bms: !!bmsPassword, itglue: !!itglueKey } });
      if (!opts.json && (!bmsPassword || !itglueKey)) {
        console.log(`note: set credentials with: integration credentials ${id} --bms-password-env VAR --itglue-api-key-env VAR`);
      }
      if (!opts.json && !opts.schedules) console.log(`note: no schedules were created; add them with: integration schedules ${id}`);
    });

  integration
    .command('list')
    .description('list integrations')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const rows = await listIntegrations(context().database.db);
      output(
        opts.json,
        rows,
        rows.map((r) => ({ id: r.id, name: r.name, status: r.status, region: r.region, twoWay: r.settings.twoWay, bms: r.bmsBaseUrl, itglue: r.itglueBaseUrl })),
      );
    });

  integration
    .command('show <id>')
    .description('show an integration and its settings (never its secrets)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts) => {
      const { db } = context().database;
      const row = await getIntegration(db, id);
      const secrets = await db.select({ name: integrationSecrets.name, updatedAt: integrationSecrets.updatedAt }).from(integrationSecrets).where(eq(integrationSecrets.integrationId, id));
      const view = { ...row, credentials: Object.fromEntries(secrets.map((s) => [s.name, `stored ${s.updatedAt.toISOString()}`])) };
      if (opts.json) printJson(view);
      else printJson(view);
    });

  integration
    .command('configure <id>')
    .description('change sync settings (validated; schedules follow)')
    .option('--set <key=value>', 'a setting, e.g. twoWay=true, conflictPolicy=newest-wins, schedule.syncEvery=15m (repeatable)', collect)
    .option('--file <file>', 'replace all settings with this JSON file')
    .option('--name <name>', 'rename the integration')
    .option('--bms-url <url>')
    .option('--bms-tenant <tenant>')
    .option('--bms-user <user>')
    .option('--itglue-url <url>')
    .option('--no-sync', 'do not start (or queue) a full sync when the change widens what syncs')
    .option('--json', 'print JSON')
    .action(async (id: string, opts) => {
      const ctx = context();
      const { db } = ctx.database;
      const current = await getIntegration(db, id);
      const next: Record<string, unknown> = opts.file ? (readJsonFile(opts.file) as Record<string, unknown>) : structuredClone(current.settings);
      for (const assignment of (opts.set as string[] | undefined) ?? []) {
        const { path, value } = parseAssignment(assignment);
        setPath(next, path, value);
      }
      const settings = integrationSettingsSchema.parse(next);
      const row = await updateSettings(db, id, settings);
      const patch = {
        ...(opts.name ? { name: opts.name as string } : {}),
        ...(opts.bmsUrl ? { bmsBaseUrl: checkUrl('bms', opts.bmsUrl) } : {}),
        ...(opts.bmsTenant ? { bmsTenant: opts.bmsTenant as string } : {}),
        ...(opts.bmsUser ? { bmsUserName: opts.bmsUser as string } : {}),
        ...(opts.itglueUrl ? { itglueBaseUrl: checkUrl('itglue', opts.itglueUrl) } : {}),
      };
      if (Object.keys(patch).length) await updateIntegration(db, id, patch);
      // Schedules follow the settings, unless the integration was deliberately created without them.
      const scheduled = row.status === 'active' && (await hasSchedules(ctx, id));
      const schedules = scheduled ? await applySchedules(ctx, id, settings) : {};
      const note = row.status === 'active' && !scheduled ? addSchedulesHint(id) : null;
      // Like the vendor's Save: a change that widens what syncs starts a sync (or queues one after the running one).
      const widened = settingsWidening(current.settings, settings);
      let sync: { state: 'started' | 'queued'; workflowId: string } | null = null;
      if (widened.length > 0 && row.status === 'active' && opts.sync) {
        const { startOrQueueFullSync } = await import('../../control/start.js');
        sync = await startOrQueueFullSync(await ctx.temporal(), ctx.taskQueue, { integrationId: id, reason: widened.join('; ') });
      }
      if (opts.json) return printJson({ settings: row.settings, twoWayEnabledAt: row.twoWayEnabledAt, schedules, widened, sync, ...(note ? { note } : {}) });
      printJson({ settings: row.settings, twoWayEnabledAt: row.twoWayEnabledAt, schedules });
      if (note) console.log(`note: ${note}`);
      if (widened.length === 0) return;
      console.log(`\nthis change widens what syncs: ${widened.join('; ')}`);
      if (!sync) console.log(row.status === 'active' ? 'no sync started (--no-sync): start one with "sync run <id> --full"' : `no sync started: the integration is ${row.status}`);
      else if (sync.state === 'started') console.log(`started a full sync (${sync.workflowId}) to take it in`);
      else console.log(`a sync is running: a full sync (${sync.workflowId}) is queued to start when it ends`);
    });

  integration
    .command('credentials <id>')
    .description('store credentials (encrypted) from environment variables')
    .option('--bms-password-env <VAR>', 'environment variable holding the BMS password')
    .option('--itglue-api-key-env <VAR>', 'environment variable holding the IT Glue API key')
    .option('--rotate-key', "re-encrypt the integration's credentials with this SYNC_ENCRYPTION_KEY (the one they were encrypted with must be in SYNC_ENCRYPTION_OLD_KEYS, or give both credentials)")
    .action(async (id: string, opts) => {
      const ctx = context();
      const { db } = ctx.database;
      await getIntegration(db, id);
      const bmsPassword = secretFromEnv(opts.bmsPasswordEnv, 'BMS password');
      const itglueKey = secretFromEnv(opts.itglueApiKeyEnv, 'IT Glue API key');
      if (!bmsPassword && !itglueKey && !opts.rotateKey) throw new UsageError('give --bms-password-env and/or --itglue-api-key-env (or --rotate-key)');
      await assertWorkersCanRead(ctx, id, opts.rotateKey === true);
      const given: Partial<Record<SecretName, string>> = { 'bms-password': bmsPassword, 'itglue-api-key': itglueKey };
      if (opts.rotateKey) {
        // Every credential ends up under the one key: those not given are read with the old key and sealed again.
        for (const name of ['bms-password', 'itglue-api-key'] as const) {
          if (given[name]) continue;
          given[name] = await readSecret(db, ctx.keyRing, id, name).catch((err: unknown) => {
            throw new UsageError(`cannot re-encrypt the stored ${name} (${err instanceof Error ? err.message : String(err)}): put its key in SYNC_ENCRYPTION_OLD_KEYS, or give it again`);
          });
        }
      }
      for (const name of ['bms-password', 'itglue-api-key'] as const) {
        const value = given[name];
        if (value) await storeSecret(db, ctx.keyRing, id, name, value);
      }
      console.log(`stored: ${[given['bms-password'] && 'BMS password', given['itglue-api-key'] && 'IT Glue API key'].filter(Boolean).join(', ')} (key ${ctx.keyRing.current.id})`);
    });

  integration
    .command('schedules <id>')
    .description('create or update the Temporal schedules of an integration')
    .option('--json', 'print JSON')
    .action(async (id: string, opts) => {
      const ctx = context();
      const row = await getIntegration(ctx.database.db, id);
      if (row.status !== 'active') throw new UsageError(`integration ${id} is ${row.status}: it has no schedules`);
      output(opts.json, await applySchedules(ctx, id, row.settings));
    });

  integration
    .command('hard-delete <id>')
    .description('administrators: allow (or forbid) a delete-data disconnect of this integration')
    .option('--enable', 'allow it')
    .option('--disable', 'forbid it again')
    .requiredOption('--confirm-name <name>', "repeat the integration's name")
    .action(async (id: string, opts) => {
      const { db } = context().database;
      if (!!opts.enable === !!opts.disable) throw new UsageError('give exactly one of --enable or --disable');
      const row = await getIntegration(db, id);
      if (opts.confirmName !== row.name) throw new UsageError(`--confirm-name must repeat the integration's name exactly ("${row.name}")`);
      await updateIntegration(db, id, { hardDeleteEnabled: !!opts.enable });
      console.log(`hard delete ${opts.enable ? 'ENABLED' : 'disabled'} for integration ${id}`);
    });
}
