/** A small typed client for a simulator's admin API (tests, benchmarks, the demo stack). */
import type { ActiveFault, FaultRule } from './simulator.js';

export type FaultInput = Partial<FaultRule> & Pick<FaultRule, 'kind'>;

export class SimulatorAdmin {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_admin${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator admin ${method} ${path} failed: HTTP ${res.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  health(): Promise<{ ok: boolean }> {
    return this.call('GET', '/health');
  }
  reset(): Promise<void> {
    return this.call('POST', '/reset');
  }
  load(dataset: unknown): Promise<{ loaded: Record<string, number> }> {
    return this.call('POST', '/load', dataset);
  }
  dump<T = unknown>(): Promise<T> {
    return this.call('GET', '/dump');
  }
  generate(options: unknown): Promise<{ loaded: Record<string, number> }> {
    return this.call('POST', '/generate', options);
  }
  list<T = Record<string, unknown>>(collection: string): Promise<T[]> {
    return this.call('GET', `/records/${collection}`);
  }
  get<T = Record<string, unknown>>(collection: string, id: string | number): Promise<T> {
    return this.call('GET', `/records/${collection}/${id}`);
  }
  create<T = Record<string, unknown>>(collection: string, data: Record<string, unknown>): Promise<T> {
    return this.call('POST', `/records/${collection}`, data);
  }
  edit<T = Record<string, unknown>>(collection: string, id: string | number, patch: Record<string, unknown>): Promise<T> {
    return this.call('PATCH', `/records/${collection}/${id}`, patch);
  }
  remove(collection: string, id: string | number): Promise<void> {
    return this.call('DELETE', `/records/${collection}/${id}`);
  }
  addFault(rule: FaultInput): Promise<unknown> {
    return this.call('POST', '/faults', rule);
  }
  /** The faults in place, with how often each was applied and what it echoed. */
  faults(): Promise<ActiveFault[]> {
    return this.call('GET', '/faults');
  }
  clearFaults(): Promise<void> {
    return this.call('DELETE', '/faults');
  }
  /** Requests per route, and how many the simulator's rate limit refused. */
  counters(): Promise<{ total: number; routes: Record<string, number>; rateLimited: number }> {
    return this.call('GET', '/counters');
  }
  resetCounters(): Promise<void> {
    return this.call('DELETE', '/counters');
  }
  config<T = Record<string, unknown>>(): Promise<T> {
    return this.call('GET', '/config');
  }
  configure<T = Record<string, unknown>>(patch: Record<string, unknown>): Promise<T> {
    return this.call('PATCH', '/config', patch);
  }
}
