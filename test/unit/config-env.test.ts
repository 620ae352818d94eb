/** The SMTP variables of the completion e-mail (config/env.ts): validated, never echoed. */
import { describe, expect, it } from 'vitest';
import { loadEnv, mailConfigOf } from '../../config/env.js';

describe('SMTP configuration', () => {
  it('is optional: without SMTP_HOST no e-mail is configured', () => {
    expect(mailConfigOf(loadEnv({}))).toBeNull();
    // Compose passes unset variables as empty strings.
    expect(mailConfigOf(loadEnv({ SMTP_HOST: '', SMTP_USER: '', SMTP_PASSWORD: '', SMTP_FROM: '' }))).toBeNull();
  });

  it('becomes the mail server with its defaults', () => {
    const env = loadEnv({ SMTP_HOST: 'smtp.msp.example', SMTP_FROM: 'sync@msp.example', SMTP_USER: 'sync', SMTP_PASSWORD: 'pw-12345' });
    expect(mailConfigOf(env)).toEqual({ host: 'smtp.msp.example', port: 587, secure: false, auth: { user: 'sync', pass: 'pw-12345' }, from: 'sync@msp.example' });
    expect(mailConfigOf(loadEnv({ SMTP_HOST: 'smtp.msp.example', SMTP_FROM: 'sync@msp.example', SMTP_PORT: '465', SMTP_SECURE: 'true' }))).toMatchObject({ port: 465, secure: true, auth: null });
  });

  it('refuses incomplete or contradictory settings, naming the variable and never a value', () => {
    const problem = (env: Record<string, string>) => {
      try {
        loadEnv(env);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected a configuration error');
    };
    expect(problem({ SMTP_HOST: 'smtp.msp.example' })).toContain('SMTP_FROM: is required with SMTP_HOST');
    expect(problem({ SMTP_FROM: 'sync@msp.example' })).toContain('SMTP_FROM: is set but SMTP_HOST is not');
    const message = problem({ SMTP_HOST: 'smtp.msp.example', SMTP_FROM: 'sync@msp.example', SMTP_PASSWORD: 'Very-Secret-99' });
    expect(message).toContain('SMTP_USER: SMTP_USER and SMTP_PASSWORD go together');
    expect(message).not.toContain('Very-Secret-99');
    expect(problem({ SMTP_HOST: 'h', SMTP_FROM: 'f', SMTP_SECURE: 'yes' })).toContain('SMTP_SECURE');
  });
});
