import { describe, expect, it } from 'vitest';
import { defaultSettings, durationToMs, integrationSettingsSchema, PUSH_POLL_CALLS, PUSH_POLL_MINIMUM_SECONDS } from '../../../domain/settings.js';
import { ENTITIES } from '../../../domain/entities.js';
import { moduleOf } from '../../../entities/registry.js';

const withPushPoll = (pushPollEvery: string) => integrationSettingsSchema.safeParse({ schedule: { pushPollEvery } });

describe('the two-way push poll interval', () => {
  it('defaults to 10 seconds, so an IT Glue edit reaches BMS within about 10 s plus one push run', () => {
    expect(defaultSettings().schedule.pushPollEvery).toBe('10s');
    // The schedule object given without the interval takes the same default.
    expect(integrationSettingsSchema.parse({ schedule: { syncEvery: '15m' } }).schedule.pushPollEvery).toBe('10s');
  });

  it('accepts any interval down to the minimum that protects the IT Glue budget', () => {
    expect(PUSH_POLL_MINIMUM_SECONDS).toBe(5);
    for (const ok of ['5s', '10s', '30s', '1m', '1h']) expect(withPushPoll(ok).success).toBe(true);
  });

  it('counts one poll call per entity that pushes', () => {
    expect(PUSH_POLL_CALLS).toBe(ENTITIES.filter((entity) => moduleOf(entity).push !== null).length);
  });

  it('refuses a shorter interval with a message naming the budget it protects', () => {
    const result = withPushPoll('4s');
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(['schedule', 'pushPollEvery']);
    expect(issue.message).toBe(
      'must be at least 5s: each push poll costs 4 IT Glue calls (one per two-way entity) of the 3,000 IT Glue allows per 5 minutes, so polling faster would spend over 8 % of that budget on polls alone',
    );
    expect(withPushPoll('0s').success).toBe(false);
  });

  it('reports a malformed interval as an issue naming the format, not as an exception', () => {
    expect(withPushPoll('ten seconds').error!.issues[0]!.message).toBe('must be a duration such as 30s, 15m, 1h or 1d');
    const sync = integrationSettingsSchema.safeParse({ schedule: { syncEvery: 'hourly' } });
    expect(sync.error!.issues.map((i) => i.message)).toEqual(['must be a duration such as 30s, 15m, 1h or 1d']);
  });

  it('leaves the other intervals at their own minimum of 10 s', () => {
    expect(integrationSettingsSchema.safeParse({ schedule: { syncEvery: '5s' } }).success).toBe(false);
    expect(durationToMs('10s')).toBe(10_000);
  });
});
