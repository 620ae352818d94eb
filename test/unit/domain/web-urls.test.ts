/** Links to records (domain/web-urls.ts and the entity modules' `web` paths). */
import { describe, expect, it } from 'vitest';
import { bmsWebBase, itglueWebBase, webUrl } from '../../../domain/web-urls.js';
import { moduleOf } from '../../../entities/registry.js';

describe('web bases', () => {
  it('BMS: the configured one, else the API host without "api.", else the API origin', () => {
    expect(bmsWebBase('https://api.bms.kaseya.com', null)).toBe('https://bms.kaseya.com');
    expect(bmsWebBase('https://api.bmsemea.kaseya.com/', null)).toBe('https://bmsemea.kaseya.com');
    expect(bmsWebBase('https://api.bms.kaseya.com', 'https://vorexlogin.com/')).toBe('https://vorexlogin.com');
    expect(bmsWebBase('http://127.0.0.1:4010', null)).toBe('http://127.0.0.1:4010');
  });

  it("IT Glue: the configured one, else the origin of IT Glue's resource-url, else a non-vendor API base, else unknown", () => {
    expect(itglueWebBase('https://api.itglue.com', 'https://acme.itglue.com/', null)).toBe('https://acme.itglue.com');
    expect(itglueWebBase('https://api.eu.itglue.com', null, 'https://acme.eu.itglue.com/2/configurations/455')).toBe('https://acme.eu.itglue.com');
    expect(itglueWebBase('http://127.0.0.1:4020', null, null)).toBe('http://127.0.0.1:4020');
    // The account's subdomain cannot be derived from the vendor's API host.
    expect(itglueWebBase('https://api.itglue.com', null, null)).toBeNull();
    expect(webUrl(null, '/2')).toBeNull();
  });
});

describe('record paths', () => {
  const both = (entity: Parameters<typeof moduleOf>[0], id: string, parentId: string | null) => {
    const { web } = moduleOf(entity);
    return [webUrl('https://bms.kaseya.com', web.bms({ id, parentId })), webUrl('https://acme.itglue.com', web.itglue({ id: `9${id}`, parentId: parentId && `8${parentId}` }))];
  };
  it('per entity, on both sides', () => {
    expect(both('organization', '12', null)).toEqual(['https://bms.kaseya.com/react/crm/accounts/12', 'https://acme.itglue.com/912']);
    expect(both('location', '40', '12')).toEqual(['https://bms.kaseya.com/react/crm/accounts/12', 'https://acme.itglue.com/812/locations/940']);
    expect(both('contact', '50', '12')).toEqual(['https://bms.kaseya.com/react/crm/contacts/50', 'https://acme.itglue.com/812/contacts/950']);
    expect(both('configuration', '60', '12')).toEqual(['https://bms.kaseya.com/react/servicedesk/hardwareassets/60', 'https://acme.itglue.com/812/configurations/960']);
    // Without the parent a child's page cannot be built.
    expect(both('contact', '50', null)[1]).toBeNull();
  });
});
