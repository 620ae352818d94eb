/**
 * The web apps' base URLs, for links to records (the "Manage" link of the Manage-data view). Each
 * is a setting (`webUrls`) or derived from what the integration knows; record paths are the
 * entity modules' (`web` in entities/module.ts). Assumptions: the simulators' ASSUMPTIONS.md.
 */

const trim = (url: string) => url.replace(/\/+$/, '');

/**
 * BMS: the configured base, else the API host without its `api.` (the API host is `api.` plus
 * the tenant's web host: `https://api.bms.kaseya.com` → `https://bms.kaseya.com`), else the API
 * base's own origin (a simulator).
 */
export function bmsWebBase(apiBaseUrl: string, configured: string | null): string {
  if (configured) return trim(configured);
  const url = new URL(apiBaseUrl);
  if (url.hostname.startsWith('api.')) url.hostname = url.hostname.slice('api.'.length);
  return url.origin;
}

/**
 * IT Glue: the configured base, else the origin of a `resource-url` IT Glue returned (the
 * account's own `https://<subdomain>.itglue.com`), else the API base itself when it is not the
 * vendor's (a simulator); null when only the account's subdomain is missing (set `webUrls.itglue`).
 */
export function itglueWebBase(apiBaseUrl: string, configured: string | null, resourceUrl: string | null): string | null {
  if (configured) return trim(configured);
  if (resourceUrl) {
    try {
      return new URL(resourceUrl).origin;
    } catch {
      // not a URL: fall through
    }
  }
  const url = new URL(apiBaseUrl);
  return /(^|\.)itglue\.com$/.test(url.hostname) ? null : url.origin;
}

/** A record's web address: the base and the entity's path, or null when the base is unknown. */
export function webUrl(base: string | null, path: string | null): string | null {
  return base && path ? `${trim(base)}${path}` : null;
}
