import { describe, expect, it } from 'vitest';
import { breaksHeaderLine, isHeaderName, isHeaderValue, isHopOrFramingHeader } from '../../src/delivery/http/header-grammar.ts';

describe('isHeaderName', () => {
  it.each(['x-tenant', 'X-Tenant', 'content-type', "!#$%&'*+-.^_`|~", 'a', '0'])('accepts the token %j', (name) => {
    expect(isHeaderName(name)).toBe(true);
  });

  it.each(['', 'x tenant', 'x:tenant', 'x-tenant\r\n', 'x"q"', 'x(1)', 'x/y', 'ümlaut', 'x\0', '@', '[x]', '{x}', 'a,b', 'a;b', 'a=b', 'a?b', 'a\\b'])(
    'refuses %j',
    (name) => {
      expect(isHeaderName(name)).toBe(false);
    },
  );
});

describe('isHeaderValue', () => {
  it.each(['', 'plain text', 'tab\there', '~!@#$%^&*()', 'Zoë café (Latin-1)', '\xff', ' padded '])('accepts %j', (value) => {
    expect(isHeaderValue(value)).toBe(true);
  });

  it.each(['line\nbreak', 'carriage\rreturn', 'nul\0', 'bell\x07', 'escape\x1b', 'delete\x7f', 'euro €', '東京', 'emoji 🙂'])('refuses %j', (value) => {
    expect(isHeaderValue(value)).toBe(false);
  });
});

describe('breaksHeaderLine', () => {
  it.each(['a\rb', 'a\nb', 'a\r\nb', 'a\0b'])('is true for %j', (value) => {
    expect(breaksHeaderLine(value)).toBe(true);
  });

  it.each(['', 'token', 'tab\t', 'bell\x07', '東京'])('is false for %j, which holds none of CR, LF or NUL', (value) => {
    expect(breaksHeaderLine(value)).toBe(false);
  });
});

describe('isHopOrFramingHeader', () => {
  it.each(['host', 'content-length', 'content-encoding', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect'])(
    'is true for %j',
    (name) => {
      expect(isHopOrFramingHeader(name)).toBe(true);
    },
  );

  it.each(['proxy-authorization', 'proxy-connection'])('is true for the proxy-* header %j', (name) => {
    expect(isHopOrFramingHeader(name)).toBe(true);
  });

  it.each(['content-type', 'authorization', 'x-hookrelay-event-id', 'webhook-id', 'hosts', 'x-proxy-id'])('is false for %j', (name) => {
    expect(isHopOrFramingHeader(name)).toBe(false);
  });
});
