/**
 * Builds the engine for running without tsx (`npm run build`; bin/start, bin/test and the image
 * build call it through scripts/build.sh):
 * - `tsc -p tsconfig.build.json` compiles the engine into dist/ (db/migrations copied beside it);
 * - the workflows are bundled once into dist/workflow-bundle.js, which compiled workers load
 *   instead of running webpack at every start (workers/worker.ts).
 * Each part is redone only when what it was built from changed: dist/build-stamps.json keeps a
 * hash of the sources of each, and for the bundle the list of project files webpack read, so an
 * edit to anything the workflows import rebuilds it and an edit elsewhere does not.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { PREBUILT_BUNDLE_FILE, PROJECT_ROOT } from '../config/paths.js';

const DIST = join(PROJECT_ROOT, 'dist');
export const STAMPS_FILE = join(DIST, 'build-stamps.json');

/** The folders tsconfig.build.json compiles (scripts/build.sh reads the same list). */
const COMPILED_FOLDERS = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include;
/** Files that change every build's output: compiler settings and the installed packages. */
const BUILD_INPUTS = ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

interface Stamps {
  compiled?: string;
  bundle?: { hash: string; files: string[] };
}

function filesUnder(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(PROJECT_ROOT, folder), { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** One hash over the names and contents of the given project-relative files (a missing file counts). */
function hashFiles(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    const path = join(PROJECT_ROOT, file);
    hash.update(`${file}\0`);
    hash.update(existsSync(path) ? readFileSync(path) : '(missing)');
    hash.update('\0');
  }
  return hash.digest('hex');
}

function compiledSources(): string[] {
  return [...COMPILED_FOLDERS.flatMap(filesUnder), ...BUILD_INPUTS];
}

function readStamps(): Stamps {
  try {
    return JSON.parse(readFileSync(STAMPS_FILE, 'utf8')) as Stamps;
  } catch {
    return {};
  }
}

/**
 * scripts/build.sh skips Node entirely while no source is newer than the stamps file, so the
 * file's time is the build's time when it is complete and the epoch while a build is under way.
 */
function writeStamps(stamps: Stamps, complete: boolean): void {
  mkdirSync(DIST, { recursive: true });
  writeFileSync(STAMPS_FILE, `${JSON.stringify(stamps, null, 2)}\n`);
  const time = complete ? new Date() : new Date(0);
  utimesSync(STAMPS_FILE, time, time);
}

function compile(): void {
  // A clean output, so a deleted source leaves no stale module behind.
  for (const folder of COMPILED_FOLDERS) rmSync(join(DIST, folder), { recursive: true, force: true });
  execFileSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(PROJECT_ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  cpSync(join(PROJECT_ROOT, 'db', 'migrations'), join(DIST, 'db', 'migrations'), { recursive: true });
}

/** Bundles the workflows; returns the project files (not packages) webpack read for it. */
async function bundle(): Promise<string[]> {
  // Loaded only when needed: the worker's imports (webpack among them) take seconds.
  const { bundleWorkflows } = await import('../workers/worker.js');
  const read = new Set<string>();
  const { code } = await bundleWorkflows((options) => ({
    ...options,
    webpackConfigHook: (config) => {
      config.plugins = [
        ...(config.plugins ?? []),
        {
          apply: (compiler) => {
            compiler.hooks.done.tap('record-bundle-sources', (stats) => {
              for (const file of stats.compilation.fileDependencies) read.add(file);
            });
          },
        },
      ];
      return config;
    },
  }));
  writeFileSync(PREBUILT_BUNDLE_FILE, code);
  return [...read]
    .filter((file) => isAbsolute(file) && existsSync(file) && statSync(file).isFile())
    .map((file) => relative(PROJECT_ROOT, file))
    .filter((file) => !file.startsWith('..') && !file.split(sep).includes('node_modules'));
}

export interface BuildResult {
  compiled: boolean;
  bundled: boolean;
}

export async function build(log: (message: string) => void = () => {}): Promise<BuildResult> {
  const stamps = readStamps();
  const result: BuildResult = { compiled: false, bundled: false };

  const compiledHash = hashFiles(compiledSources());
  if (stamps.compiled !== compiledHash || !existsSync(join(DIST, 'workers', 'main.js'))) {
    log('compiling the engine into dist/ (tsc)');
    // Forgotten before the work starts: a build that fails half way is redone next time.
    delete stamps.compiled;
    writeStamps(stamps, false);
    compile();
    stamps.compiled = compiledHash;
    result.compiled = true;
  }

  // Packages the workflows import (e.g. @temporalio/workflow, zod) change only with the lock file.
  const bundleInputs = (files: string[]) => hashFiles([...files, 'package-lock.json']);
  const previous = stamps.bundle;
  if (!previous || previous.hash !== bundleInputs(previous.files) || !existsSync(PREBUILT_BUNDLE_FILE)) {
    log('bundling the workflows into dist/workflow-bundle.js (webpack)');
    delete stamps.bundle;
    writeStamps(stamps, false);
    const files = await bundle();
    stamps.bundle = { hash: bundleInputs(files), files: files.sort() };
    result.bundled = true;
  }

  writeStamps(stamps, true);
  return result;
}

if (process.argv[1] && process.argv[1] === import.meta.filename) {
  const started = performance.now();
  const result = await build((message) => console.error(`[build] ${message}`));
  if (result.compiled || result.bundled) console.error(`[build] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
