/**
 * The container topology without a Docker engine: docker-compose.yml is valid against the Compose
 * Specification's JSON schema (reference/compose-spec.json), and it and the Dockerfile keep our
 * own rules: every running service has a health check, the engine services run the image the
 * Dockerfile builds and entry points that the build produces, the environment names are ones the
 * engine reads, the metrics port is exposed. The image's build steps themselves run in
 * test/integration/image.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '../../config/env.js';
import { PROJECT_ROOT } from '../../config/paths.js';

interface ComposeService {
  image?: string;
  build?: string | { context?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  profiles?: string[];
  restart?: string;
  expose?: string[];
  ports?: string[];
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const composeText = readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
// Compose resolves YAML merge keys (`<<: *engine`); so must we, to see what each service gets.
const compose = parse(composeText, { merge: true }) as ComposeFile;
const services = Object.entries(compose.services);
const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
/** The folders tsconfig.build.json compiles into dist/. */
const compiled: string[] = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include;

const METRICS_PORT = '9464';

/** Instructions of the runtime (last) stage of the Dockerfile, as [keyword, rest] pairs. */
function runtimeStage(): [string, string][] {
  const lines = dockerfile.split('\n').filter((line) => line.trim() && !line.trimStart().startsWith('#'));
  const from = lines.map((line, i) => (/^FROM\s/i.test(line) ? i : -1)).filter((i) => i >= 0);
  return lines.slice(from.at(-1)).map((line) => {
    const [keyword = '', ...rest] = line.trim().split(/\s+/);
    return [keyword.toUpperCase(), rest.join(' ')];
  });
}

/** `node dist/x/y.js …` → the source it is compiled from, x/y.ts. */
function sourceOf(command: string[]): string {
  const script = command[0] === 'node' ? command[1] : undefined;
  if (!script?.startsWith('dist/') || !script.endsWith('.js')) throw new Error(`not a compiled entry point: ${command.join(' ')}`);
  return script.slice('dist/'.length, -'.js'.length) + '.ts';
}

function expectCompiledEntryPoint(command: string[]): void {
  const source = sourceOf(command);
  expect(existsSync(join(PROJECT_ROOT, source)), `${source} exists`).toBe(true);
  expect(compiled, `${source} is in a folder tsconfig.build.json compiles`).toContain(source.split('/')[0]);
}

const isEngine = ([, s]: [string, ComposeService]) => s.build !== undefined;
const engineServices = services.filter(isEngine);

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'reference', 'compose-spec.json'), 'utf8')) as object;
    // The schema uses annotation keywords (`deprecated`) that strict mode would reject.
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? [], ajv.errorsText(validate.errors, { separator: '\n' })).toEqual([]);
    expect(valid).toBe(true);
  });

  it('gives every running service a health check; only one-shot jobs have none', () => {
    for (const [name, service] of services) {
      if (service.healthcheck?.disable) {
        // A job: whoever waits for it waits for it to finish, and nothing restarts it forever.
        expect(['always', 'unless-stopped'], `${name} is a job`).not.toContain(service.restart);
        for (const [other, s] of services) {
          const condition = s.depends_on?.[name]?.condition;
          if (condition) expect(condition, `${other} waits for ${name} to complete`).toBe('service_completed_successfully');
        }
      } else {
        expect(service.healthcheck?.test?.length, `${name} has a health check`).toBeGreaterThan(0);
      }
    }
  });

  it('waits only for services that exist and, for service_healthy, have a health check', () => {
    for (const [name, service] of services) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = compose.services[dependency];
        expect(target, `${name} depends on ${dependency}`).toBeDefined();
        if (condition === 'service_healthy') expect(target?.healthcheck?.test, `${dependency} has a health check`).toBeDefined();
      }
    }
  });

  it('runs the worker from the image the Dockerfile builds, with its default command', () => {
    const worker = compose.services.worker!;
    expect(worker.build).toBe('.');
    expect(existsSync(join(PROJECT_ROOT, 'Dockerfile'))).toBe(true);
    expect(worker.command).toBeUndefined();
    expect(worker.entrypoint).toBeUndefined();
    expect(worker.restart).toBe('unless-stopped');
    expect(worker.healthcheck?.test).toEqual(['CMD', 'node', 'dist/workers/health.js']);
    // One image for every engine service.
    expect(new Set(engineServices.map(([, s]) => s.image)).size).toBe(1);
  });

  it('starts every engine service with an entry point the build compiles', () => {
    for (const [name, service] of engineServices) {
      const command = service.entrypoint ?? service.command;
      if (command) expectCompiledEntryPoint(command);
      else expect(name).toBe('worker');
    }
  });

  it('gives engine services the configuration they need, under names the engine reads', () => {
    const known = new Set(Object.keys(envSchema.shape));
    for (const [name, service] of engineServices) {
      const env = service.environment ?? {};
      for (const variable of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE', 'SYNC_ENCRYPTION_KEY']) {
        expect(env[variable], `${name}: ${variable}`).toBeDefined();
      }
      for (const variable of Object.keys(env)) expect(known.has(variable), `${name}: ${variable} is read by the engine`).toBe(true);
    }
    // The key has no default: compose refuses to start without it rather than run unencrypted.
    expect(composeText).toMatch(/SYNC_ENCRYPTION_KEY: \$\{SYNC_ENCRYPTION_KEY:\?/);
  });

  it('exposes the worker metrics port to the network without publishing it (workers scale)', () => {
    const worker = compose.services.worker!;
    expect(worker.expose).toEqual([METRICS_PORT]);
    expect(String(worker.environment?.METRICS_PORT)).toBe(METRICS_PORT);
    expect(worker.ports).toBeUndefined();
  });

  it('publishes Temporal and its Web UI on the ports the README names', () => {
    expect(compose.services.temporal?.ports).toEqual(['7233:7233']);
    expect(compose.services['temporal-ui']?.ports).toEqual(['8233:8080']);
  });

  it('mounts the backups volume where the image prepares a folder owned by the worker user', () => {
    for (const [name, service] of engineServices) expect(service.volumes, name).toContain('backups:/app/.data/backups');
    expect(runtimeStage()).toContainEqual(['RUN', 'mkdir -p .data/backups && chown -R node:node .data']);
  });
});

describe('Dockerfile', () => {
  const stage = runtimeStage();
  const env = new Map(stage.filter(([k]) => k === 'ENV').map(([, rest]) => rest.split('=', 2) as [string, string]));

  it('builds with the tested build steps (scripts/build-image-steps.sh)', () => {
    expect(dockerfile).toMatch(/^RUN bash scripts\/build-image-steps\.sh \/out$/m);
    expect(dockerfile).toMatch(/^COPY --from=build --chown=node:node \/out\/ \.\/$/m);
  });

  it('runs the compiled worker as an unprivileged user, with a health check and the metrics port', () => {
    const cmd = stage.find(([k]) => k === 'CMD')?.[1];
    expect(cmd).toBe('["node", "dist/workers/main.js"]');
    expectCompiledEntryPoint(JSON.parse(cmd!) as string[]);
    expect(stage).toContainEqual(['USER', 'node']);
    expect(stage.find(([k]) => k === 'HEALTHCHECK')?.[1]).toMatch(/CMD \["node", "dist\/workers\/health\.js"\]$/);
    expect(env.get('WORKER_HEALTH_FILE')).toBeTruthy();
    expect(stage).toContainEqual(['EXPOSE', METRICS_PORT]);
    expect(env.get('METRICS_PORT')).toBe(METRICS_PORT);
    for (const variable of env.keys()) {
      if (variable !== 'NODE_ENV' && variable !== 'MALLOC_ARENA_MAX') expect(Object.keys(envSchema.shape)).toContain(variable);
    }
  });
});
