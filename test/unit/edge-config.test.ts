import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('edge settings', () => {
  it('have safe defaults', () => {
    expect(loadConfig({})).toMatchObject({
      maxQueryDepth: 15,
      maxQueryAliases: 15,
      maxQueryTokens: 2_000,
      maxQueryDirectives: 50,
      maxQueryCost: 50_000,
      wsMaxPayloadBytes: 1_048_576,
      wsMaxSubscriptions: 50,
      wsMaxSocketsPerPrincipal: 20,
      wsRecheckMs: 10_000,
      httpHeadersTimeoutMs: 10_000,
      httpRequestTimeoutMs: 30_000,
      httpKeepAliveTimeoutMs: 5_000,
      httpMaxConnections: 1_000,
      corsOrigins: [],
    });
  });

  it('read HOOKRELAY_CORS_ORIGINS as exact origins', () => {
    expect(loadConfig({ HOOKRELAY_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    for (const [value, problem] of [
      ['https://app.example.com/', 'without path or trailing slash: https://app.example.com'],
      ['*', '"*" is not an origin'],
      ['ftp://files.example.com', 'must be http or https'],
    ]) {
      expect(() => loadConfig({ HOOKRELAY_CORS_ORIGINS: value })).toThrow(`HOOKRELAY_CORS_ORIGINS: `);
      expect(() => loadConfig({ HOOKRELAY_CORS_ORIGINS: value })).toThrow(problem);
    }
  });

  it('refuse a headers timeout longer than the request timeout, naming both', () => {
    expect(() => loadConfig({ HOOKRELAY_HTTP_HEADERS_TIMEOUT_MS: '60000' })).toThrow(
      'HOOKRELAY_HTTP_HEADERS_TIMEOUT_MS: must not exceed HOOKRELAY_HTTP_REQUEST_TIMEOUT_MS (30000)',
    );
  });
});
