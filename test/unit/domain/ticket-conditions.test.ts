/**
 * The condition language of ticket settings and checklist rules (domain/tickets/conditions.ts)
 * and what settings surface (domain/tickets/suggestions.ts): every operator, whole-word
 * `contains` (the seed's example: `print` is not `printer`), AND inside a group and OR between
 * groups, the `[organization_name]` variable bound per ticket, inactive settings, and bad
 * definitions rejected with a message naming the field.
 */
import { describe, expect, it } from 'vitest';
import {
  checklistRuleSchema,
  containsWords,
  DefinitionError,
  formatConditions,
  parseConditionText,
  parseDefinition,
  testCondition,
  ticketMatches,
  ticketSettingSchema,
  type Bindings,
  type TicketFacts,
} from '../../../domain/tickets/conditions.js';
import {
  isSuggestionNote,
  organizationsInScope,
  suggestionNote,
  suggestionsFor,
  type DocumentationItem,
  type NamedSetting,
} from '../../../domain/tickets/suggestions.js';
import { checklistItems, itemsAlreadyThere, templateTasks } from '../../../domain/tickets/checklists.js';

const NO_BINDINGS: Bindings = {};

function facts(values: Partial<TicketFacts>): TicketFacts {
  const all: TicketFacts = {
    title: null,
    details: null,
    account: null,
    contact: null,
    location: null,
    queue: null,
    status: null,
    priority: null,
    type: null,
    'issue-type': null,
    'sub-issue-type': null,
    source: null,
    assignee: null,
  };
  return { ...all, ...values };
}

describe('contains: whole words, in order, case-insensitive', () => {
  it('matches a word only as a whole word (the seed: print is not printer, prints, printing)', () => {
    expect(containsWords('Print Server maintenance', 'print')).toBe(true);
    expect(containsWords('Cannot PRINT to the office printer', 'print')).toBe(true);
    expect(containsWords('PrInT', 'print')).toBe(true);
    for (const miss of ['Printers and Scanners', 'printer offline', 'prints', 'printed', 'printing', 'reprint']) {
      expect(containsWords(miss, 'print'), miss).toBe(false);
    }
  });

  it('matches several words only next to each other, in that order', () => {
    expect(containsWords('Printer setup guide', 'printer setup')).toBe(true);
    expect(containsWords('Printer   quick SETUP', 'printer setup')).toBe(false);
    expect(containsWords('Setup the printer', 'printer setup')).toBe(false);
  });

  it('reads words as runs of letters and digits, so punctuation does not matter', () => {
    expect(containsWords('Wi-Fi drops in the warehouse', 'wi-fi')).toBe(true);
    expect(containsWords('Wi-Fi drops', 'wi fi')).toBe(true);
    expect(containsWords('Office 365 mailbox', '365')).toBe(true);
    expect(containsWords('Wifi drops', 'wi-fi')).toBe(false);
  });
});

describe('operators', () => {
  it('is: the whole value, case and spacing aside', () => {
    expect(testCondition('High', 'is', 'high', NO_BINDINGS)).toBe(true);
    expect(testCondition('  Help   Desk ', 'is', 'help desk', NO_BINDINGS)).toBe(true);
    expect(testCondition('Highest', 'is', 'high', NO_BINDINGS)).toBe(false);
    expect(testCondition(null, 'is', 'high', NO_BINDINGS)).toBe(false);
  });

  it('is not: true for a different value and for no value at all', () => {
    expect(testCondition('Low', 'is not', 'high', NO_BINDINGS)).toBe(true);
    expect(testCondition('HIGH', 'is not', 'high', NO_BINDINGS)).toBe(false);
    expect(testCondition(null, 'is not', 'high', NO_BINDINGS)).toBe(true);
  });

  it('contains: false when the attribute has no value', () => {
    expect(testCondition(null, 'contains', 'vpn', NO_BINDINGS)).toBe(false);
  });
});

describe('groups: AND inside, OR between', () => {
  const conditions = parseDefinition('ticket setting', ticketSettingSchema, {
    name: 'VPN or urgent network',
    conditions: [
      [
        { attribute: 'title', operator: 'contains', value: 'vpn' },
        { attribute: 'priority', operator: 'is', value: 'High' },
      ],
      [{ attribute: 'issue-type', operator: 'is', value: 'Network' }],
    ],
    actions: [[{ attribute: 'password-name', operator: 'contains', value: 'vpn' }]],
  }).conditions;

  it('needs every condition of a group', () => {
    expect(ticketMatches(conditions, facts({ title: 'VPN drops', priority: 'High' }), NO_BINDINGS)).toBe(true);
    expect(ticketMatches(conditions, facts({ title: 'VPN drops', priority: 'Low' }), NO_BINDINGS)).toBe(false);
  });

  it('needs only one group', () => {
    expect(ticketMatches(conditions, facts({ title: 'Slow internet', 'issue-type': 'network' }), NO_BINDINGS)).toBe(true);
    expect(ticketMatches(conditions, facts({ title: 'Slow internet', 'issue-type': 'Hardware' }), NO_BINDINGS)).toBe(false);
  });
});

describe('the [organization_name] variable', () => {
  it('is bound per ticket', () => {
    expect(testCondition('Acme Dental', 'is', '[organization_name]', { organization_name: 'acme  dental' })).toBe(true);
    expect(testCondition('Acme Dental – Printer setup', 'contains', '[organization_name] printer', { organization_name: 'Acme Dental' })).toBe(true);
    expect(testCondition('Contoso – Printer setup', 'contains', '[organization_name] printer', { organization_name: 'Acme Dental' })).toBe(false);
  });

  it('makes a condition false when the ticket has no value for it, `is not` included', () => {
    expect(testCondition('Acme Dental', 'is', '[organization_name]', { organization_name: null })).toBe(false);
    expect(testCondition('Acme Dental', 'is not', '[organization_name]', {})).toBe(false);
  });
});

// ------------------------------------------------------------------ suggestions

const item = (kind: 'document' | 'password', id: string, name: string, organizationName: string, extra: Partial<DocumentationItem> = {}): DocumentationItem => ({
  kind,
  id,
  organizationId: organizationName === 'Acme Dental' ? '1' : '2',
  organizationName,
  name,
  category: null,
  resourceType: null,
  resourceName: null,
  resourceTypeName: null,
  url: `https://itglue.example/${kind}s/${id}`,
  ...extra,
});

const DOCUMENTATION: DocumentationItem[] = [
  item('document', '11', 'Printer Setup Guide', 'Acme Dental'),
  item('document', '12', 'Printers and Scanners', 'Acme Dental'),
  item('document', '13', 'Print Server maintenance', 'Acme Dental'),
  item('document', '21', 'Print Server maintenance', 'Contoso'),
  item('password', '31', 'Printer admin panel', 'Acme Dental', { category: 'Printers' }),
  item('password', '32', 'Printer admin panel', 'Contoso', { category: 'Printers' }),
  item('password', '33', 'Local admin', 'Acme Dental', { category: 'Active Directory', resourceType: 'Configuration', resourceName: 'ACME-PR-01' }),
];

function setting(id: number, definition: Record<string, unknown>): NamedSetting {
  return { id, ...parseDefinition('ticket setting', ticketSettingSchema, definition) };
}

const PRINT_TICKET = facts({ title: 'Cannot print to the office printer', queue: 'Help Desk' });
const ACME = { organization_name: 'Acme Dental', configuration_name: 'ACME-PR-01' };

describe('what settings surface', () => {
  const orgDocs = setting(1, {
    name: 'Print documents of the ticket organization',
    conditions: [[{ attribute: 'title', operator: 'contains', value: 'print' }]],
    actions: [
      [
        { attribute: 'document-name', operator: 'contains', value: 'print' },
        { attribute: 'document-organization', operator: 'is', value: '[organization_name]' },
      ],
      [
        { attribute: 'password-category', operator: 'is', value: 'printers' },
        { attribute: 'password-organization', operator: 'is', value: '[organization_name]' },
      ],
    ],
  });

  it('finds whole-word matches of the ticket organization only, documents then passwords', () => {
    const found = suggestionsFor([orgDocs], PRINT_TICKET, ACME, DOCUMENTATION);
    expect(found.map((s) => `${s.kind}:${s.id}`)).toEqual(['document:13', 'password:31']);
    expect(found[0]!.settings).toEqual([orgDocs.name]);
  });

  it('binds the variable to each ticket: another organization, other suggestions', () => {
    expect(suggestionsFor([orgDocs], PRINT_TICKET, { organization_name: 'Contoso' }, DOCUMENTATION).map((s) => s.id)).toEqual(['21', '32']);
  });

  it('surfaces nothing for a ticket that does not meet the conditions', () => {
    expect(suggestionsFor([orgDocs], facts({ title: 'Printer offline' }), ACME, DOCUMENTATION)).toEqual([]);
  });

  it('leaves inactive settings out', () => {
    expect(suggestionsFor([{ ...orgDocs, active: false }], PRINT_TICKET, ACME, DOCUMENTATION)).toEqual([]);
  });

  it('lists an item once, with every setting that surfaced it', () => {
    const byCategory = setting(2, {
      name: 'Printer passwords anywhere',
      conditions: [[{ attribute: 'queue', operator: 'is', value: 'Help Desk' }]],
      actions: [[{ attribute: 'password-category', operator: 'is', value: 'Printers' }]],
    });
    const found = suggestionsFor([orgDocs, byCategory], PRINT_TICKET, ACME, DOCUMENTATION);
    expect(found.map((s) => s.id)).toEqual(['13', '31', '32']);
    expect(found.find((s) => s.id === '31')!.settings).toEqual([orgDocs.name, byCategory.name]);
  });

  it('can use the password of the ticket configuration', () => {
    const device = setting(3, {
      name: 'Device password',
      conditions: [[{ attribute: 'title', operator: 'contains', value: 'printer' }]],
      actions: [[{ attribute: 'password-configuration', operator: 'is', value: '[configuration_name]' }]],
    });
    expect(suggestionsFor([device], PRINT_TICKET, ACME, DOCUMENTATION).map((s) => s.id)).toEqual(['33']);
  });

  it('says which organizations a setting can reach, so only their documentation is read', () => {
    expect(organizationsInScope([orgDocs], ACME)).toEqual(new Set(['acme dental']));
    const anywhere = setting(4, { name: 'x', conditions: [[{ attribute: 'title', operator: 'contains', value: 'x' }]], actions: [[{ attribute: 'document-name', operator: 'is', value: 'x' }]] });
    expect(organizationsInScope([orgDocs, anywhere], ACME)).toBeNull();
  });

  it('writes a note of names and links only, recognisable as the engine\'s', () => {
    const note = suggestionNote(suggestionsFor([orgDocs], PRINT_TICKET, ACME, DOCUMENTATION));
    expect(note).toContain('- Print Server maintenance (Acme Dental): https://itglue.example/documents/13');
    expect(note).toContain('- Printer admin panel (Printers, Acme Dental): https://itglue.example/passwords/31');
    expect(isSuggestionNote(note)).toBe(true);
    expect(isSuggestionNote('Power-cycled the printer')).toBe(false);
  });
});

// ------------------------------------------------------------------ validation

describe('bad definitions are rejected, naming the field', () => {
  const valid = {
    name: 'Printers',
    conditions: [[{ attribute: 'title', operator: 'contains', value: 'print' }]],
    actions: [[{ attribute: 'document-name', operator: 'contains', value: 'printer' }]],
  };
  const reject = (input: unknown) => {
    try {
      parseDefinition('ticket setting', ticketSettingSchema, input);
    } catch (err) {
      expect(err).toBeInstanceOf(DefinitionError);
      return (err as Error).message;
    }
    throw new Error('accepted');
  };

  it('accepts a valid one, active by default, and `is not` written in several ways', () => {
    const parsed = parseDefinition('ticket setting', ticketSettingSchema, {
      ...valid,
      conditions: [[{ attribute: 'queue', operator: 'IS-NOT', value: 'Projects' }]],
    });
    expect(parsed.active).toBe(true);
    expect(parsed.conditions[0]![0]!.operator).toBe('is not');
  });

  it('an unknown attribute', () => {
    expect(reject({ ...valid, conditions: [[valid.conditions[0]![0], { attribute: 'titel', operator: 'is', value: 'x' }]] })).toMatch(
      /conditions, group 1, condition 2, attribute: "titel" is not a ticket attribute \(title, details/,
    );
  });

  it('an unknown operator', () => {
    expect(reject({ ...valid, actions: [[{ attribute: 'document-name', operator: 'starts with', value: 'x' }]] })).toMatch(
      /actions, group 1, condition 1, operator: "starts with" is not an operator \(contains, is, is not\)/,
    );
  });

  it('an unknown variable', () => {
    expect(reject({ ...valid, actions: [[{ attribute: 'document-organization', operator: 'is', value: '[org_name]' }]] })).toMatch(
      /actions, group 1, condition 1, value: \[org_name\] is not a variable \(\[organization_name\]/,
    );
  });

  it('an empty value, and a contains without a word', () => {
    expect(reject({ ...valid, conditions: [[{ attribute: 'title', operator: 'is', value: '  ' }]] })).toMatch(/conditions, group 1, condition 1, value: must not be empty/);
    expect(reject({ ...valid, conditions: [[{ attribute: 'title', operator: 'contains', value: '--' }]] })).toMatch(/conditions, group 1, condition 1, value: holds no letters or digits/);
  });

  it('a group mixing document and password attributes', () => {
    expect(
      reject({
        ...valid,
        actions: [
          [
            { attribute: 'document-name', operator: 'contains', value: 'vpn' },
            { attribute: 'password-name', operator: 'contains', value: 'vpn' },
          ],
        ],
      }),
    ).toMatch(/actions, group 1: mixes document and password attributes/);
  });

  it('missing parts, empty groups and unknown fields', () => {
    expect(reject({ name: 'x', actions: valid.actions })).toMatch(/conditions: /);
    expect(reject({ ...valid, conditions: [] })).toMatch(/conditions: needs at least one group of conditions/);
    expect(reject({ ...valid, conditions: [[]] })).toMatch(/conditions, group 1: a group needs at least one condition/);
    expect(reject({ ...valid, name: '' })).toMatch(/name: must not be empty/);
    expect(reject({ ...valid, enabled: true })).toMatch(/unknown field\(s\) enabled/);
    expect(() => parseDefinition('checklist rule', checklistRuleSchema, { name: 'x', conditions: valid.conditions })).toThrow(/invalid checklist rule: template: /);
  });
});

describe('the text form of the CLI', () => {
  it('reads & as AND and | as OR', () => {
    expect(parseConditionText("title contains print & priority is not 'Low' | queue is Help Desk", 'conditions')).toEqual([
      [
        { attribute: 'title', operator: 'contains', value: 'print' },
        { attribute: 'priority', operator: 'is not', value: 'Low' },
      ],
      [{ attribute: 'queue', operator: 'is', value: 'Help Desk' }],
    ]);
  });

  it('names a condition it cannot read', () => {
    expect(() => parseConditionText('title contains print | queue equals x', 'conditions')).toThrow(/conditions, group 2, condition 1: "queue equals x" is not "<attribute> <contains\|is\|is not> <value>"/);
  });

  it('prints conditions back', () => {
    expect(formatConditions([[{ attribute: 'title', operator: 'contains', value: 'print' }], [{ attribute: 'queue', operator: 'is', value: 'Help Desk' }]])).toBe(
      'title contains "print" OR queue is "Help Desk"',
    );
  });
});

describe('checklist templates', () => {
  it('reads one task per line, dropping bullets and blank lines', () => {
    expect(templateTasks('- Create the account\n\n* Add to [organization_name] groups\n  3. Send the welcome mail  \n[ ] Done')).toEqual([
      'Create the account',
      'Add to [organization_name] groups',
      'Send the welcome mail',
      'Done',
    ]);
  });

  it('fills in the ticket values and reports what is not a variable', () => {
    const { names, unknown } = checklistItems('Call [contact_name] about [ticket_number]\nCheck [organization_name] [site]\nAsk [contact_name]', {
      contact_name: 'Maria Anders',
      ticket_number: 'T20240501.0001',
      organization_name: 'Acme Dental',
    });
    expect(names).toEqual(['Call Maria Anders about T20240501.0001', 'Check Acme Dental [site]', 'Ask Maria Anders']);
    expect(unknown).toEqual(['site']);
    expect(checklistItems('Call [contact_name]', {}).names).toEqual(['Call']);
  });

  it('finds items already there by name, each once', () => {
    expect(itemsAlreadyThere(['Reboot', 'Check logs', 'Reboot'], [{ id: 7, name: 'reboot' }, { id: 8, name: 'Other' }])).toEqual([7, null, null]);
  });
});
