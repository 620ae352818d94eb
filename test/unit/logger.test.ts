/**
 * The worker's log lines (telemetry/logger.ts): readable on a terminal, JSON elsewhere, with the
 * integration, workflow and run of the message, and never a secret.
 */
import { describe, expect, it } from 'vitest';
import { integrationOfWorkflowId, workflowIds } from '../../contract/ids.js';
import { chooseLogFormat, EngineLogger, formatLine } from '../../telemetry/logger.js';

const AT = new Date('2026-11-21T10:00:00.000Z');

describe('log format', () => {
  it('is readable on a terminal and JSON elsewhere, unless LOG_FORMAT says', () => {
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('writes one JSON object per line with the integration, workflow and run first', () => {
    const line = formatLine('json', 'WARN', 'Activity failed', { workflowId: 'full-sync:acme', workflowRunId: 'r-1', activityType: 'syncStep', attempt: 2 }, AT);
    expect(JSON.parse(line)).toEqual({
      time: AT.toISOString(),
      level: 'warn',
      msg: 'Activity failed',
      integrationId: 'acme',
      workflowId: 'full-sync:acme',
      runId: 'r-1',
      activityType: 'syncStep',
      attempt: 2,
    });
  });

  it('prints a readable line on a terminal', () => {
    expect(formatLine('pretty', 'INFO', 'full run 3 completed', { integrationId: 'acme', workflowId: 'full-sync:acme', runId: 'r-1' }, AT)).toBe(
      '2026-11-21T10:00:00.000Z INFO  full run 3 completed [integration=acme workflow=full-sync:acme run=r-1]',
    );
  });

  it('never prints a secret: attributes named like one are dropped, token-shaped text is redacted', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzeW5jLWFwaSIsImV4cCI6MX0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const line = formatLine('json', 'ERROR', `refresh failed for Bearer ${jwt}`, {
      password: 'S3cret p@ss',
      nested: { apiKey: 'ITG.key', refresh_token: 'abc', note: `token ${jwt}` },
      Authorization: 'Bearer xyz',
    }, AT);
    expect(line).not.toContain('S3cret');
    expect(line).not.toContain('ITG.key');
    expect(line).not.toContain(jwt);
    expect(line).not.toContain('xyz');
    expect(JSON.parse(line)).toMatchObject({ password: '[redacted]', nested: { apiKey: '[redacted]', refresh_token: '[redacted]' }, Authorization: '[redacted]' });
  });

  it('filters by level, except the start-up announcements', () => {
    const lines: string[] = [];
    const logger = new EngineLogger({ format: 'json', level: 'WARN', write: (l) => lines.push(l) });
    logger.info('hidden');
    logger.debug('hidden');
    logger.warn('shown');
    logger.announce('worker polling task queue "q"');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown', 'worker polling task queue "q"']);
  });
});

describe('the integration of a workflow id', () => {
  it('is read from every id the engine and its schedules start', () => {
    expect(integrationOfWorkflowId(workflowIds.fullSync('acme-1'))).toBe('acme-1');
    expect(integrationOfWorkflowId(workflowIds.recordSync('acme-1', 'contact', 'bms', '42'))).toBe('acme-1');
    expect(integrationOfWorkflowId(workflowIds.pushAll('acme-1'))).toBe('acme-1');
    expect(integrationOfWorkflowId(workflowIds.billing('US', '2026-11-21', 'acme-1'))).toBe('acme-1');
    expect(integrationOfWorkflowId('push-poll:acme-1-2026-11-21T10:00:00Z')).toBe('acme-1');
    expect(integrationOfWorkflowId('scheduled-sync:acme-1-2026-11-21T10:15:00.5Z')).toBe('acme-1');
  });

  it('is none for workflows of a whole region or of no integration', () => {
    expect(integrationOfWorkflowId(workflowIds.billing('US', '2026-11-21'))).toBeUndefined();
    expect(integrationOfWorkflowId('billing-nightly:US-2026-11-21T05:30:00Z')).toBeUndefined();
    expect(integrationOfWorkflowId('something-else')).toBeUndefined();
  });
});
