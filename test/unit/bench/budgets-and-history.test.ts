import { describe, expect, it } from 'vitest';
import { DOCUMENTED_BUDGETS } from '../../../clients/rate-gate.js';
import { gateUse } from '../../../scripts/bench/budgets.js';
import { followUps } from '../../../scripts/bench/history.js';
import { compressedWindows, UsageError } from '../../../scripts/bench/options.js';

describe('the many-integrations budgets', () => {
  it('shorten the documented windows to whole seconds', () => {
    expect(compressedWindows(600)).toEqual({ bmsSeconds: 6, itglueSeconds: 1 });
    expect(compressedWindows(300)).toEqual({ bmsSeconds: 12, itglueSeconds: 1 });
    expect(compressedWindows(60)).toEqual({ bmsSeconds: 60, itglueSeconds: 5 });
    // IT Glue's 300 s rounded up: 300 / 8 = 37.5.
    expect(compressedWindows(8)).toEqual({ bmsSeconds: 450, itglueSeconds: 38 });
    expect(compressedWindows(1)).toEqual({ bmsSeconds: 3600, itglueSeconds: 300 });
    for (const bad of [7, 0, 1.5, 7200]) expect(() => compressedWindows(bad)).toThrow(UsageError);
  });

  it('find the busiest gate sub-window of each service, and those at and over the engine\'s share', () => {
    const budgets = { bms: { ...DOCUMENTED_BUDGETS.bms, windowMs: 6_000 }, itglue: { ...DOCUMENTED_BUDGETS.itglue, windowMs: 1_000 } };
    // Shares: BMS 1500 / 7 = 214, IT Glue 3000 / 7 = 428 per sub-window.
    const use = gateUse(
      [
        { key: 'bench-01:bms:GET /v2/servicedesk/hardwareasset/{assetId}', count: 214 },
        { key: 'bench-02:bms:GET /v2/servicedesk/hardwareasset/{assetId}', count: 215 },
        { key: 'bench-02:bms:GET /v2/crm/accounts', count: 3 },
        { key: 'bench-01:itglue:*', count: 40 },
      ],
      budgets,
    );
    expect(use).toEqual([
      { service: 'bms', peak: 215, peakKey: 'bench-02:bms:GET /v2/servicedesk/hardwareasset/{assetId}', limit: 214, atLimit: 1, overLimit: 1 },
      { service: 'itglue', peak: 40, peakKey: 'bench-01:itglue:*', limit: 428, atLimit: 0, overLimit: 0 },
    ]);
    expect(gateUse([], budgets)[0]).toMatchObject({ peak: 0, peakKey: '–', atLimit: 0, overLimit: 0 });
  });
});

describe('the history a run costs', () => {
  it('follows continue-as-new and every child workflow an execution started', () => {
    const events = [
      {},
      { childWorkflowExecutionStartedEventAttributes: { workflowExecution: { workflowId: 'assets:bench:1', runId: 'r-1' } } },
      { childWorkflowExecutionStartedEventAttributes: { workflowExecution: { workflowId: 'assets:bench:2', runId: 'r-2' } } },
      { workflowExecutionContinuedAsNewEventAttributes: { newExecutionRunId: 'next' } },
    ];
    expect(followUps(events)).toEqual({
      next: 'next',
      children: [
        { workflowId: 'assets:bench:1', runId: 'r-1' },
        { workflowId: 'assets:bench:2', runId: 'r-2' },
      ],
    });
    expect(followUps([{}, { workflowExecutionCompletedEventAttributes: {} }])).toEqual({ next: null, children: [] });
  });
});
