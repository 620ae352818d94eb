/**
 * Looking for secrets where they must never be (errors, log lines, workflow history, database
 * rows): a secret counts as leaked in any form a server or a log could give it.
 */

/**
 * The forms of a secret: as is, URL-encoded, form-encoded, and for a long token its last 24
 * characters too, so a copy cut short (error details are) still counts.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
  if (secret.length >= 40) forms.add(secret.slice(-24));
  return [...forms];
}

/** The names of the secrets found in `text`, in any of their forms. */
export function leakedSecrets(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, secret]) => secretForms(secret).some((form) => text.includes(form)))
    .map(([name]) => name);
}
