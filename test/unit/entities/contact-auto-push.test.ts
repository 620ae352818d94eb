/**
 * Contacts pushed to BMS without an edit (entities/contact.ts `push.autoPush`): Microsoft 365 and
 * Active Directory contacts, with the BMS types the settings choose, and a default phone and
 * e-mail when IT Glue marks none primary. Pure: the module's rules on canonical records.
 */
import { describe, expect, it } from 'vitest';
import { integrationSettingsSchema, type IntegrationSettingsInput } from '../../../domain/settings.js';
import { contact, readyForBms, type CanonicalContact } from '../../../entities/contact.js';

const settings = (input: IntegrationSettingsInput = {}) => integrationSettingsSchema.parse(input);

const canonical: CanonicalContact = {
  firstName: 'Dana',
  lastName: 'Ruiz',
  title: null,
  emails: [{ address: 'dana@acme.example', typeName: 'AD Email', primary: false }],
  phones: [
    { number: '4155550123', extension: null, typeName: 'AD Phone', primary: false },
    { number: '4155550199', extension: null, typeName: 'AD Phone', primary: false },
  ],
  location: '795',
  important: false,
};

const fromSource = (integrationType: string) => ({ id: '1', 'integration-sources': [integrationType] });
const push = contact.push!;

describe('Active Directory contacts', () => {
  it('are auto-pushed with the chosen BMS e-mail and phone types', () => {
    const s = settings({ activeDirectoryContacts: { emailType: 'Work', phoneType: 'Mobile' } });
    const auto = push.autoPush(fromSource('network-glue'), canonical, s);
    expect(auto?.label).toBe('Active Directory contact');
    expect(auto?.canonical.emails.map((e) => e.typeName)).toEqual(['Work']);
    expect(auto?.canonical.phones.map((p) => p.typeName)).toEqual(['Mobile', 'Mobile']);
    expect(push.autoPushScope(s)).toEqual({ attribute: 'integration-sources', anyOf: ['network-glue'] });
  });

  it('are not auto-pushed when no types are chosen (None)', () => {
    const s = settings();
    expect(push.autoPush(fromSource('network-glue'), canonical, s)).toBeNull();
    expect(push.autoPushScope(s)).toBeNull();
  });

  it('refuse a half choice, naming the setting', () => {
    const result = integrationSettingsSchema.safeParse({ activeDirectoryContacts: { emailType: 'Work', phoneType: null } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['activeDirectoryContacts']);
    expect(result.error!.issues[0]!.message).toMatch(/both an e-mail type and a phone type, or neither/);
  });

  it('are held like Microsoft 365 contacts when BMS lacks required data', () => {
    const s = settings({ activeDirectoryContacts: { emailType: 'Work', phoneType: 'Mobile' } });
    const auto = push.autoPush(fromSource('network-glue'), { ...canonical, phones: [], location: null }, s)!;
    expect(push.missingForBms(auto.canonical, true)).toBe('a phone number, a location');
  });
});

describe('Microsoft 365 contacts', () => {
  it('keep working beside Active Directory ones: each source its own types', () => {
    const s = settings({
      microsoftContacts: { autoPush: true, emailType: null, phoneType: 'Mobile' },
      activeDirectoryContacts: { emailType: 'Work', phoneType: 'Work' },
    });
    const microsoft = push.autoPush(fromSource('office365'), canonical, s)!;
    expect(microsoft.label).toBe('Microsoft 365 contact');
    // No e-mail type chosen: the IT Glue label stays.
    expect(microsoft.canonical.emails[0]!.typeName).toBe('AD Email');
    expect(microsoft.canonical.phones[0]!.typeName).toBe('Mobile');
    expect(push.autoPushScope(s)?.anyOf.sort()).toEqual(['network-glue', 'office365']);
    // A contact of neither source is not auto-pushed.
    expect(push.autoPush({ id: '2' }, canonical, s)).toBeNull();
  });
});

describe('a phone made ready for BMS', () => {
  it('makes the pushed phone the default when none is marked primary', () => {
    const ready = readyForBms({ ...canonical, phones: [canonical.phones[0]!] }, { emailType: null, phoneType: null });
    expect(ready.phones).toEqual([{ ...canonical.phones[0]!, primary: true }]);
    // The e-mail too: BMS needs a default.
    expect(ready.emails[0]!.primary).toBe(true);
  });

  it('marks only the first when several phones have no primary', () => {
    expect(readyForBms(canonical, { emailType: null, phoneType: null }).phones.map((p) => p.primary)).toEqual([true, false]);
  });

  it('keeps the primary IT Glue marks', () => {
    const phones = [canonical.phones[0]!, { ...canonical.phones[1]!, primary: true }];
    expect(readyForBms({ ...canonical, phones }, { emailType: null, phoneType: null }).phones.map((p) => p.primary)).toEqual([false, true]);
  });
});
