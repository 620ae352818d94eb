/**
 * Process measurements for the benchmark, from /proc (Linux): resident memory (current and
 * peak) and CPU time of a process, or of a process and its children (PostgreSQL's backends).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** A `/proc/<pid>/status` field in kB (VmRSS, VmHWM), or null when the process is gone. */
export function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Resets the kernel's peak-RSS mark (VmHWM) of a process; false when not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

interface Stat {
  ppid: number;
  /** utime + stime, seconds */
  self: number;
  /** cutime + cstime (reaped children), seconds */
  children: number;
}

function stat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17.
    const n = (field: number) => Number(fields[field - 3]);
    const hz = clockTicks();
    return { ppid: n(4), self: (n(14) + n(15)) / hz, children: (n(16) + n(17)) / hz };
  } catch {
    return null;
  }
}

/** CPU seconds used by a process so far (its reaped children included). */
export function cpuSeconds(pid: number): number {
  const s = stat(pid);
  return s ? s.self + s.children : 0;
}

/** CPU seconds of a process tree: the root, its live descendants and everything reaped. */
export function treeCpuSeconds(root: number): number {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (!s) continue;
    const list = byParent.get(s.ppid) ?? [];
    list.push(Number(entry));
    byParent.set(s.ppid, list);
  }
  let total = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    total += cpuSeconds(pid);
    queue.push(...(byParent.get(pid) ?? []));
  }
  return total;
}

/** Samples VmRSS of some processes every `intervalMs`, keeping the peak of each since `reset()`. */
export class RssSampler {
  private readonly peaks = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pids: () => number[],
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  sample(): void {
    for (const pid of this.pids()) {
      const kb = statusKb(pid, 'VmRSS');
      if (kb !== null && kb > (this.peaks.get(pid) ?? 0)) this.peaks.set(pid, kb);
    }
  }

  /** Peak kB per pid since the last reset (sampled, so it may miss a short spike). */
  peak(pid: number): number {
    return this.peaks.get(pid) ?? 0;
  }

  reset(): void {
    this.peaks.clear();
  }
}

/** The machine's memory, GiB (0 when unknown). */
export function totalMemGiB(): number {
  try {
    const kb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
    return kb / 1024 / 1024;
  } catch {
    return 0;
  }
}
