/** `settingsWidening` (domain/settings.ts): which settings changes widen what syncs, and say how. */
import { describe, expect, it } from 'vitest';
import { integrationSettingsSchema, settingsWidening, type IntegrationSettingsInput } from '../../../domain/settings.js';

const settings = (input: IntegrationSettingsInput) => integrationSettingsSchema.parse(input);
const base = settings({ accountTypes: ['Customer'], assetCategories: ['Server'], contactsEnabled: false, autoCreate: { contacts: false } });
const widening = (patch: IntegrationSettingsInput) => settingsWidening(base, settings({ ...base, ...patch }));

describe('settingsWidening', () => {
  it('names added account types and statuses, asset categories and statuses', () => {
    expect(widening({ accountTypes: ['Customer', 'Vendor'] })).toEqual(['account types added: Vendor']);
    expect(widening({ accountStatuses: ['active', 'inactive'] })).toEqual(['account statuses added: inactive']);
    expect(widening({ assetCategories: ['Server', 'Printer', 'Laptop'] })).toEqual(['asset categories added: Printer, Laptop']);
    expect(widening({ assetStatuses: ['inactive'] })).toEqual(['asset statuses added: inactive']);
  });

  it('names contact and ticket sync, two-way, auto-create and auto-push switched on', () => {
    expect(widening({ contactsEnabled: true })).toEqual(['contact sync switched on']);
    expect(widening({ ticketsEnabled: true })).toEqual(['ticket integration switched on']);
    expect(widening({ twoWay: true })).toEqual(['two-way sync switched on']);
    expect(widening({ autoCreate: { contacts: true } })).toEqual(['auto-create of contacts switched on']);
    expect(widening({ microsoftContacts: { autoPush: true } })).toEqual(['auto-push of Microsoft 365 contacts switched on']);
    expect(widening({ activeDirectoryContacts: { emailType: 'Work', phoneType: 'Work' } })).toEqual(['auto-push of Active Directory contacts switched on']);
    expect(widening({ twoWay: true, contactsEnabled: true })).toEqual(['contact sync switched on', 'two-way sync switched on']);
  });

  it('is empty for a change that narrows or changes nothing that syncs', () => {
    expect(widening({})).toEqual([]);
    expect(widening({ accountTypes: [] })).toEqual([]);
    expect(widening({ accountTypes: ['  customer '] })).toEqual([]);
    expect(widening({ conflictPolicy: 'newest-wins', schedule: { syncEvery: '15m' }, webhookUrl: 'https://hooks.example/x' })).toEqual([]);
    expect(settingsWidening(settings({ ...base, twoWay: true }), base)).toEqual([]);
    // A type swapped for another widens by the new one.
    expect(widening({ accountTypes: ['Vendor'] })).toEqual(['account types added: Vendor']);
  });
});
