/** `sync run --wait`'s progress line (cli/progress.ts), from the run's progress query. */
import { describe, expect, it } from 'vitest';
import { renderProgress } from '../../cli/progress.js';
import type { SyncProgress } from '../../contract/messages.js';

const base: SyncProgress = {
  integrationId: 'acme',
  mode: 'full',
  runId: 7,
  phase: 'pull',
  entity: 'contact',
  stage: 'apply',
  page: 3,
  step: 11,
  steps: 21,
  counts: { organization: { create: 4, 'match-us': 900 }, contact: { create: 8, update: 2 } },
  startedAt: '2026-11-21T10:00:00.000Z',
  continuedAsNew: 0,
};

describe('the progress line', () => {
  it('shows the bar, the step, entity and page, the counts, the time taken and an ETA', () => {
    const line = renderProgress(base, Date.parse('2026-11-21T10:01:40.000Z'));
    expect(line).toBe('[###########-------------]  48% step 11/21 apply contact, page 3 · 12 create, 2 update · 1m 40s, ETA 1m 50s');
  });

  it('has no ETA before a step is done, and says the phase before the first step', () => {
    const line = renderProgress({ ...base, phase: 'starting', entity: null, stage: null, step: undefined, steps: undefined, page: 1, counts: {} }, Date.parse('2026-11-21T10:00:02.000Z'));
    expect(line).toBe('[------------------------]   0% starting · 2s');
  });
});
