import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { Connections, Events, PublishEvent, RetryEvent, SourceByName } from './documents.ts';
import { ADMIN_KEY, eventually, useTestApp } from './helpers/app.ts';

const lines: { level: number; msg?: string }[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(JSON.parse(String(chunk)));
    done();
  },
});
const fixture = useTestApp({}, pino({ level: 'debug' }, sink));

describe('log levels', () => {
  it('logs refusals a client can act on below error level, so alerts on errors stay meaningful', async () => {
    lines.length = 0;
    const refusals = [
      await fixture.t.raw(Connections, {}, 'Bearer not-the-key-00000000'),
      await fixture.t.raw(Connections, {}, null),
      await fixture.t.raw(PublishEvent, { input: { source: 'no-such-source', body: {} } }),
      await fixture.t.raw(RetryEvent, { id: 'evt_unknown' }),
    ];
    expect(refusals.map((result) => result.errors?.[0]?.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'NOT_FOUND', 'NOT_FOUND']);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    expect(lines.some((line) => line.msg === 'request refused')).toBe(true);
  });

  it('answers bad arguments with BAD_USER_INPUT naming them, and logs them at debug only', async () => {
    lines.length = 0;
    const answers = [
      await fixture.t.raw(Events, { filter: { sourceName: 'acme\u0000' } }),
      await fixture.t.raw(SourceByName, { name: 'a\u0000b' }),
      await fixture.t.raw(Events, { after: 'not-a-cursor' }),
      await fixture.t.raw(Connections, { first: -1 }),
    ];
    expect(answers.map((result) => [result.errors?.[0]?.extensions?.code, result.errors?.[0]?.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'filter.sourceName'],
      ['BAD_USER_INPUT', 'name'],
      ['BAD_USER_INPUT', 'after'],
      ['BAD_USER_INPUT', 'first'],
    ]);
    expect(answers[0].errors?.[0]?.message).toMatch(/^filter\.sourceName: text cannot hold the NUL character/);
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
  });

  it('logs a publish the client aborted mid-body at debug, not as a failure', async () => {
    lines.length = 0;
    const url = new URL('/v1/publish', fixture.t.app.url);
    await new Promise<void>((resolve) => {
      const req = httpRequest(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-hookrelay-source-name': 'acme', 'content-type': 'application/json', 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"partial": ');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await eventually(async () => (lines.some((line) => line.msg === 'publish aborted by the client') ? true : undefined), 5_000, 'the abort to be logged');
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
  });
});
