import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('reads the operations settings with their defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ disableAfterFailures: 20, disableAfterMs: 86_400_000, retentionDays: 30, shutdownTimeoutMs: 10_000 });
    expect(config.alertUrl).toBeUndefined();
  });

  it('requires a signing secret with an alert URL, naming the variable', () => {
    expect(() => loadConfig({ HOOKRELAY_ALERT_URL: 'https://ops.example.com/hooks' })).toThrow(/HOOKRELAY_ALERT_SECRET: is required when HOOKRELAY_ALERT_URL is set/);
    expect(() => loadConfig({ HOOKRELAY_ALERT_URL: 'https://ops.example.com/hooks', HOOKRELAY_ALERT_SECRET: 'hunter2' })).toThrow(/HOOKRELAY_ALERT_SECRET: must look like whsec_/);
    const secret = `whsec_${Buffer.alloc(24, 1).toString('base64')}`;
    expect(loadConfig({ HOOKRELAY_ALERT_URL: 'https://ops.example.com/hooks', HOOKRELAY_ALERT_SECRET: secret }).alertSecret).toBe(secret);
  });

  it('sends Hookrelay/<version of package.json> as user-agent unless HOOKRELAY_USER_AGENT says otherwise', async () => {
    const { default: packageJson } = await import('../../package.json', { with: { type: 'json' } });
    expect(loadConfig({}).userAgent).toBe(`Hookrelay/${packageJson.version}`);
    expect(loadConfig({ HOOKRELAY_USER_AGENT: 'Acme-Webhooks/2.0 (+https://acme.example)' }).userAgent).toBe('Acme-Webhooks/2.0 (+https://acme.example)');
    expect(() => loadConfig({ HOOKRELAY_USER_AGENT: 'a\r\nx-injected: 1' })).toThrow(/HOOKRELAY_USER_AGENT: must be a valid HTTP header value/);
  });

  it('refuses a retention of 0 days with the variable name', () => {
    expect(() => loadConfig({ HOOKRELAY_RETENTION_DAYS: '0' })).toThrow(/HOOKRELAY_RETENTION_DAYS/);
  });
});
