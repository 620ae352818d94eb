/**
 * Summarizes V8 CPU profiles (`node --cpu-prof`): where the worker's CPU time went, by file or
 * package and by function (self time), and the project's functions by total time (self plus
 * what they call synchronously).
 *
 *   npx tsx scripts/bench/profile.ts <file.cpuprofile | folder> [--top 25]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `activities/sync/pull.ts`, `pkg:postgres`, `node:internal`, `(garbage collector)`, … */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return `pkg:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (path.startsWith('node:')) return 'node:internal';
  if (path.startsWith(ROOT)) return relative(ROOT, path);
  return path;
}

const isProject = (mod: string) => !(mod.startsWith('pkg:') || mod.startsWith('node:') || mod.startsWith('(') || mod.startsWith('/') || mod.startsWith('wasm:') || mod.startsWith('workflow-bundle'));

export interface ProfileSummary {
  totalMs: number;
  byModule: { name: string; ms: number }[];
  bySelf: { name: string; ms: number }[];
  projectByTotal: { name: string; ms: number }[];
  /** Every sample charged to the nearest project function on its stack (or to its module when there is none). */
  byNearestProject: { name: string; ms: number }[];
}

export function summarizeProfiles(profiles: CpuProfile[]): ProfileSummary {
  const moduleMs = new Map<string, number>();
  const selfMs = new Map<string, number>();
  const totalMs = new Map<string, number>();
  const nearestMs = new Map<string, number>();
  let all = 0;
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const self = new Map<number, number>();
    for (let i = 0; i < profile.samples.length; i++) {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + ms);
    }
    const label = (n: ProfileNode) => {
      const mod = moduleOf(n.callFrame.url, n.callFrame.functionName);
      return `${n.callFrame.functionName || '(anonymous)'} ${mod}:${n.callFrame.lineNumber + 1}`;
    };
    for (const [id, ms] of self) {
      const n = nodes.get(id);
      if (!n) continue;
      if (n.callFrame.functionName === '(idle)') continue;
      all += ms;
      const mod = moduleOf(n.callFrame.url, n.callFrame.functionName);
      moduleMs.set(mod, (moduleMs.get(mod) ?? 0) + ms);
      selfMs.set(label(n), (selfMs.get(label(n)) ?? 0) + ms);
      // Total time of project functions: walk up the stack, counting each function once per sample.
      const seen = new Set<string>();
      let nearest: string | null = null;
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = nodes.get(at)!;
        const mod = moduleOf(frame.callFrame.url, frame.callFrame.functionName);
        if (!isProject(mod)) continue;
        const key = label(frame);
        nearest ??= key;
        if (seen.has(key)) continue;
        seen.add(key);
        totalMs.set(key, (totalMs.get(key) ?? 0) + ms);
      }
      const charged = nearest ?? `(no project frame) ${mod}`;
      nearestMs.set(charged, (nearestMs.get(charged) ?? 0) + ms);
    }
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { totalMs: all, byModule: sorted(moduleMs), bySelf: sorted(selfMs), projectByTotal: sorted(totalMs), byNearestProject: sorted(nearestMs) };
}

export function loadProfiles(path: string): CpuProfile[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(path, f))
    : [path];
  return files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as CpuProfile);
}

export function formatProfileSummary(summary: ProfileSummary, top = 25): string {
  const pct = (ms: number) => `${((100 * ms) / Math.max(1, summary.totalMs)).toFixed(1).padStart(5)} %`;
  const rows = (list: { name: string; ms: number }[]) =>
    list.slice(0, top).map((r) => `  ${(r.ms / 1000).toFixed(1).padStart(8)} s ${pct(r.ms)}  ${r.name}`).join('\n');
  return [
    `CPU profile: ${(summary.totalMs / 1000).toFixed(1)} s of samples (idle excluded)`,
    'by file or package (self time):',
    rows(summary.byModule),
    'by function (self time):',
    rows(summary.bySelf),
    'project functions by total time (self + synchronous callees):',
    rows(summary.projectByTotal),
    'charged to the nearest project function on the stack (library and runtime time included):',
    rows(summary.byNearestProject),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, flag, n] = process.argv.slice(2);
  if (!path) {
    console.error('usage: tsx scripts/bench/profile.ts <file.cpuprofile | folder> [--top 25]');
    process.exit(2);
  }
  console.log(formatProfileSummary(summarizeProfiles(loadProfiles(path)), flag === '--top' ? Number(n) : 25));
}
